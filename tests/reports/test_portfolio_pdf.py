"""The portfolio list, filtered as on the page, as a PDF."""

import subprocess

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from projects.models.portfolio import Stage
from tests.projects.factories import ProjectFactory


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "list.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_the_filtered_list_as_pdf(client, leadership, portfolio, tmp_path):
    Project.objects.filter(code="P02").update(stage=Stage.IMPLEMENTATION)
    client.force_login(leadership)
    response = client.get(reverse("reports:portfolio_pdf"), {"stage": Stage.IMPLEMENTATION})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "城市公共信息平台" in text and "城市公共数据库" not in text
    assert "阶段：建设实施" in text


def test_evaluators_get_no_portfolio_pdf(client, evaluator):
    client.force_login(evaluator)
    assert client.get(reverse("reports:portfolio_pdf")).status_code == 403


def test_queries_do_not_grow_with_the_projects(client, office_staff):
    client.force_login(office_staff)
    ProjectFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:portfolio_pdf"))
    ProjectFactory.create_batch(6)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reports:portfolio_pdf"))
    assert len(many) == len(few)
