"""Issue 15: malformed requests that answered 500 now answer 400 with a message, and a PDF with a
long unbroken string stays quick to lay out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import Evidence
from reports.models import ReportRun
from reports.rendering import RUN_BREAK, _breakable


@pytest.mark.parametrize("indicator", ["abc", "99999999999999999999", "-1", "0", "１"])
def test_evidence_upload_with_a_malformed_indicator_is_400(client, evaluator, world, indicator):
    client.force_login(evaluator)
    count = Evidence.objects.count()
    response = client.post(
        reverse("evaluations:evidence_upload", args=[world["assessment"].pk]),
        {
            "file": SimpleUploadedFile("a.txt", "纪要".encode(), content_type="text/plain"),
            "indicator": indicator,
        },
    )
    assert response.status_code == 400
    assert "指标" in response.content.decode()
    assert Evidence.objects.count() == count


@pytest.mark.parametrize("period", ["9999-12", "0001-01", "1999-12", "2101-01"])
def test_monthly_report_for_a_month_outside_the_window_is_400(client, office_admin, period):
    client.force_login(office_admin)
    response = client.post(reverse("reports:generate_monthly"), {"period": period})
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_long_runs_get_break_opportunities_and_nothing_else_changes():
    html = (
        '<html><head><style>.a{font-family:"Noto Sans CJK SC"}</style></head><body>'
        f'<td title="{"t" * 80}">{"x" * 100} &amp;amp; {"长" * 100}</td></body></html>'
    )
    result = _breakable(html)
    assert result.replace("\u200b", "") == html
    assert result.count("\u200b") == 100 // RUN_BREAK
    assert "t" * 80 in result  # attributes are left alone
    assert "长" * 100 in result  # Chinese text breaks anywhere already
