"""The grade and cycle sections once ``evaluations`` provides its selectors (faked here)."""

import subprocess
from decimal import Decimal
from types import SimpleNamespace

from projects.models import Project
from reports import assessment
from reports.assessment import CycleOutline, GradedProject, IndicatorResult
from reports.models import ReportKind
from reports.rendering import render_report_pdf


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_monthly_report_lists_latest_grades_when_connected(portfolio, monkeypatch, tmp_path):
    p01 = Project.objects.get(code="P01")
    monkeypatch.setattr(
        assessment,
        "latest_grades",
        lambda *, projects, accepted_before=None: {
            p01.pk: SimpleNamespace(total=Decimal("91.50"), grade="excellent", grade_label="优")
        },
    )
    text = pdf_text(render_report_pdf(kind=ReportKind.MONTHLY, parameters={"period": "2026-10"}), tmp_path)
    assert "91.50" in text and "优" in text
    assert "绩效评估数据尚未接入" not in text


def test_cycle_report_follows_the_outline_when_connected(portfolio, monkeypatch, tmp_path):
    projects = list(Project.objects.filter(code__in=["P01", "P02"]).select_related("lead_department"))
    outline = CycleOutline(
        title="2026年度绩效评价",
        year=2026,
        agencies=["评估机构甲"],
        starts_on=None,
        ends_on=None,
        method="采用定量与定性相结合的方法。",
        projects=[
            GradedProject(project=projects[0], total=Decimal("91.5"), grade="优"),
            GradedProject(project=projects[1], total=Decimal("78"), grade="中"),
        ],
        indicators=[IndicatorResult(name="决策", points=Decimal("20"), average=Decimal("17.5"))],
        problems=["资金到位滞后"],
        recommendations=["加快资金拨付"],
    )
    monkeypatch.setattr(assessment, "cycle_outline", lambda *, cycle_id: outline)
    text = pdf_text(render_report_pdf(kind=ReportKind.CYCLE, parameters={"cycle_id": 1}), tmp_path)
    for expected in (
        "2026年度绩效评价",
        "评估机构甲",
        projects[0].name,
        "91.5",
        "决策",
        "资金到位滞后",
        "加快资金拨付",
    ):
        assert expected in text
