"""Sections 五 and 六 of the cycle report: drafted from the data, edited by the office in the
browser, frozen when published (the PDF built then carries the text)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from demo.seed_templates import seed_indicator_templates
from evaluations.models import Assessment, AssessmentCycle, Indicator, IndicatorTemplate, ReviewRound, Score
from reports.models import CycleReportText, ReportKind, ReportRun, RunStatus
from reports.selectors import cycle_report_context
from reports.services import cycle_text_draft, cycle_text_save
from tests.organisation.factories import AgencyFactory
from tests.projects.factories import ProjectFactory


@pytest.fixture
def cycle(db, office_staff):
    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = AssessmentCycle.objects.create(name="2015年度绩效评价", year=2015, template=template)
    leaves = list(Indicator.objects.filter(template=template, is_leaf=True).order_by("order"))
    for code, lost in (("P01", Decimal("3")), ("P02", Decimal("1"))):
        assessment = Assessment.objects.create(
            cycle=cycle,
            project=ProjectFactory(code=code, name=f"项目{code}"),
            agency=AgencyFactory(),
            due_on=datetime.date(2016, 3, 31),
            status="accepted",
            total=Decimal("100") - lost,
            grade="excellent",
        )
        for leaf in leaves:
            value = leaf.points - lost if leaf == leaves[0] else leaf.points
            Score.objects.create(
                assessment=assessment, indicator=leaf, value=value, comment=f"{code}台账不全"
            )
    ReviewRound.objects.create(
        assessment=assessment,
        number=1,
        submitted_at=datetime.datetime(2016, 3, 1, tzinfo=datetime.UTC),
        total=Decimal("95"),
        decision="returned",
        reason="证据材料缺页",
    )
    return cycle, leaves[0]


def test_the_draft_names_the_indicator_that_lost_most_where_and_why(cycle):
    cycle, leaf = cycle
    draft = cycle_text_draft(cycle_id=cycle.pk)
    assert not draft.pk  # nothing saved until the office saves
    first = draft.problems.splitlines()[0]
    assert leaf.name in first and "4.00" in first and "项目P01" in first and "P01台账不全" in first
    assert "证据材料缺页" in draft.problems
    assert leaf.name in draft.recommendations.splitlines()[0]


def test_the_office_edits_and_publishes_then_the_text_is_frozen(
    client, cycle, office_staff, django_capture_on_commit_callbacks
):
    cycle, _leaf = cycle
    url = reverse("reports:cycle_text", args=[cycle.pk])
    client.force_login(office_staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "证据材料缺页" in response.content.decode()
    response = client.post(url, {"problems": "资金到位滞后\n台账不全", "recommendations": "加快拨付"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"problems": "资金到位滞后\n台账不全", "recommendations": "加快拨付", "publish": ""}
        )
    assert response.status_code == 302
    text = CycleReportText.objects.get(cycle=cycle)
    assert text.is_published
    run = ReportRun.objects.get(kind=ReportKind.CYCLE)
    assert run.status == RunStatus.DONE
    assert run.period_label == "2015年度绩效评价"
    context = cycle_report_context(cycle_id=cycle.pk)
    assert context["problems"] == ["资金到位滞后", "台账不全"]
    assert context["recommendations"] == ["加快拨付"]
    response = client.post(url, {"problems": "改", "recommendations": "改"})
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        cycle_text_save(cycle_id=cycle.pk, problems="改", recommendations="改", by=office_staff)
    assert CycleReportText.objects.get(cycle=cycle).problems == "资金到位滞后\n台账不全"


def test_leadership_may_not_edit_the_text(client, cycle, leadership):
    cycle, _leaf = cycle
    client.force_login(leadership)
    assert client.get(reverse("reports:cycle_text", args=[cycle.pk])).status_code == 403
