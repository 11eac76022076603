"""Every change traceable (issue 22): each kind of change writes a history row naming the person
and, where the action asked for one, the reason; the project timeline shows all kinds and filters
by kind; the audit log filters and exports; nobody edits history through the product."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.history import audit_log, project_history
from demo.seed_templates import seed_indicator_templates
from evaluations.models import IndicatorTemplate
from evaluations.services import (
    assessment_accept,
    assessment_assign,
    assessment_declare_no_conflict,
    assessment_return,
    assessment_save_draft,
    assessment_submit,
    cycle_open,
    template_update,
)
from projects.models import Project, Stage
from projects.services.budget import (
    adjustment_decide,
    adjustment_request,
    budget_line_create,
    spending_record,
    spending_reverse,
)
from projects.services.execution import (
    milestone_create,
    milestone_update,
    plan_create,
    plan_item_save,
    plan_publish,
    problem_create,
)
from projects.services.portfolio import project_update
from projects.services.reviews import condition_mark_met, review_add_opinion, review_decide, review_open
from reports.models import ReportSchedule
from reports.schedules import ensure_schedules, parse_cron, schedule_save
from tests.projects.factories import FundingSourceFactory, ProjectFactory

DAY = datetime.date(2015, 5, 1)


def latest(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


@pytest.fixture
def project(department):
    return ProjectFactory(
        lead_department=department,
        stage=Stage.APPROVAL_REVIEW,
        planned_start=datetime.date(2014, 1, 1),
        planned_end=datetime.date(2016, 12, 31),
    )


@pytest.fixture
def implementing(department):
    """A project under way: approved amounts and spending need an approved project (projects/rules.py)."""
    return ProjectFactory(
        lead_department=department,
        stage=Stage.IMPLEMENTATION,
        planned_start=datetime.date(2014, 1, 1),
        planned_end=datetime.date(2016, 12, 31),
    )


def test_budget_changes_name_the_person_and_the_reason(implementing, office_staff, liaison):
    source = FundingSourceFactory()
    line = budget_line_create(
        project=implementing,
        by=office_staff,
        year=2015,
        source=source,
        approved=Decimal("1000000"),
        allocated=Decimal("800000"),
    )
    assert latest(line).history_user == office_staff

    payment = spending_record(line=line, by=liaison, amount=Decimal("50000"), spent_on=DAY, note="首付款")
    assert (latest(payment).history_user, latest(payment).history_type) == (liaison, "+")
    line.refresh_from_db()
    assert line.spent == Decimal("50000")
    assert (latest(line).history_user, latest(line).spent) == (liaison, Decimal("50000"))

    reversal = spending_reverse(record=payment, by=office_staff, reason="重复录入")
    assert reversal.amount == Decimal("-50000") and reversal.reverses == payment
    assert (latest(reversal).history_user, latest(reversal).history_change_reason) == (
        office_staff,
        "重复录入",
    )
    line.refresh_from_db()
    assert line.spent == Decimal("0")
    assert latest(line).history_change_reason == "重复录入"
    assert payment.__class__.objects.filter(pk=payment.pk).exists(), "the wrong entry is kept"

    adjustment = adjustment_request(line=line, by=liaison, new_amount=Decimal("1200000"), reason="扩容")
    assert (latest(adjustment).history_user, latest(adjustment).history_change_reason) == (liaison, "扩容")
    adjustment_decide(adjustment=adjustment, by=office_staff, approve=True, note="同意扩容")
    assert (latest(adjustment).history_user, latest(adjustment).history_change_reason) == (
        office_staff,
        "同意扩容",
    )
    record = latest(line)
    assert (record.history_user, record.history_change_reason, record.approved) == (
        office_staff,
        "扩容",
        Decimal("1200000"),
    )


def test_a_reversal_needs_a_reason_and_happens_once(implementing, office_staff):
    from django.core.exceptions import ValidationError

    line = budget_line_create(
        project=implementing,
        by=office_staff,
        year=2015,
        source=FundingSourceFactory(),
        approved=Decimal("100"),
        allocated=Decimal("100"),
    )
    payment = spending_record(line=line, by=office_staff, amount=Decimal("10"), spent_on=DAY)
    with pytest.raises(ValidationError):
        spending_reverse(record=payment, by=office_staff, reason=" ")
    reversal = spending_reverse(record=payment, by=office_staff, reason="录错")
    with pytest.raises(ValidationError):
        spending_reverse(record=payment, by=office_staff, reason="再来一次")
    with pytest.raises(ValidationError):
        spending_reverse(record=reversal, by=office_staff, reason="反冲的反冲")
    line.refresh_from_db()
    assert line.spent == Decimal("0")


def test_execution_and_review_changes_are_traced(project, office_staff, liaison):
    project_update(project=project, by=office_staff, expected_version=project.version, name="新名称")
    assert latest(project).history_user == office_staff

    milestone = milestone_create(project=project, by=liaison, title="上线", planned_date=DAY)
    milestone_update(
        milestone=milestone,
        by=liaison,
        expected_version=milestone.version,
        status="waived",
        waived_reason="需求取消",
    )
    assert (latest(milestone).history_user, latest(milestone).history_change_reason) == (liaison, "需求取消")
    problem = problem_create(project=project, by=liaison, title="接口不通")
    assert latest(problem).history_user == liaison

    plan = plan_create(year=2015, title="2015年度计划")
    plan_item_save(plan=plan, by=office_staff, project=project, goals="建成", rank=1)
    plan_publish(plan=plan, by=office_staff)
    assert (latest(plan).history_user, latest(plan).status) == (office_staff, "published")
    item = plan.items.get()
    plan_item_save(
        plan=plan, by=office_staff, item=item, reason="领导批示提前", project=project, goals="建成", rank=2
    )
    assert latest(item).history_change_reason == "领导批示提前"
    amendment = plan.amendments.get()
    assert (latest(amendment).history_user, latest(amendment).history_change_reason) == (
        office_staff,
        "领导批示提前",
    )

    review = review_open(project=project, by=office_staff)
    opinion = review_add_opinion(
        review=review,
        reviewer="张专家",
        organisation="",
        opinion="可行",
        recommendation="approve",
        by=office_staff,
    )
    review_decide(
        review=review,
        decision="approve_with_conditions",
        reasons="补充材料",
        conditions=["补充方案"],
        condition_owner=liaison,
        condition_due=DAY,
        by=office_staff,
    )
    condition = review.conditions.get()
    condition_mark_met(condition=condition, by=office_staff, note="已补充")
    assert latest(opinion).history_user == office_staff
    assert (latest(review).history_user, latest(review).history_change_reason) == (office_staff, "补充材料")
    assert (latest(condition).history_user, latest(condition).history_change_reason) == (
        office_staff,
        "已补充",
    )


def test_assessment_scores_templates_and_schedules_are_traced(
    project, office_admin, office_staff, agency, evaluator
):
    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    leaf = template.indicators.filter(is_leaf=True).first()
    template_update(template=template, changes={leaf.pk: {"name": "改名后的指标"}}, by=office_admin)
    leaf.refresh_from_db()
    assert (latest(leaf).history_user, latest(leaf).name) == (office_admin, "改名后的指标")

    cycle = cycle_open(name="2015年度", kind="annual", year=2015, template=template, by=office_staff)
    assert latest(cycle).history_user == office_staff
    assessment = assessment_assign(cycle=cycle, project=project, agency=agency, due_on=DAY, by=office_staff)
    assessment = assessment_declare_no_conflict(assessment=assessment, by=evaluator, declared=True)
    scores = {node.pk: (node.points, "") for node in template.indicators.filter(is_leaf=True)}
    assessment_save_draft(
        assessment=assessment, by=evaluator, expected_version=assessment.version, scores=scores
    )
    score = assessment.scores.get(indicator=leaf)
    assert (latest(score).history_user, latest(score).value) == (evaluator, leaf.points)
    # Saving the same draft again writes no new score history.
    count = score.history.count()
    assessment.refresh_from_db()
    assessment_save_draft(
        assessment=assessment, by=evaluator, expected_version=assessment.version, scores=scores
    )
    assert score.history.count() == count

    submission = assessment_submit(assessment=assessment, by=evaluator, notify=False)
    assessment_return(assessment=assessment, by=office_staff, reason="证据不足")
    submission.refresh_from_db()
    assert (latest(submission).history_user, latest(submission).history_change_reason) == (
        office_staff,
        "证据不足",
    )
    assert latest(assessment).history_change_reason == "证据不足"
    assessment_submit(assessment=assessment, by=evaluator, notify=False)
    assessment_accept(assessment=assessment, by=office_staff)
    record = latest(assessment)
    assert (record.history_user, record.status, record.total) == (office_staff, "accepted", Decimal("100.00"))

    ensure_schedules()
    schedule = ReportSchedule.objects.first()
    schedule_save(
        schedule=schedule, name=schedule.name, cron=parse_cron("0 9 1 * *"), enabled=True, subscribers=[]
    )
    assert "0 8 1 * *" in latest(schedule).history_change_reason
    assert "0 9 1 * *" in latest(schedule).history_change_reason


def test_project_timeline_shows_every_kind_and_filters_by_kind(client, project, office_staff, liaison):
    project_update(project=project, by=office_staff, expected_version=project.version, implementer="某公司")
    review_open(project=project, by=office_staff)
    # The review approved the project, which is now under way: spending needs an approved project
    # (projects/rules.py). The stage is set directly, as set-up, so the 2015 spending below is not
    # dated before an approval recorded today.
    Project.objects.filter(pk=project.pk).update(stage=Stage.IMPLEMENTATION)
    project.refresh_from_db()
    line = budget_line_create(
        project=project,
        by=office_staff,
        year=2015,
        source=FundingSourceFactory(),
        approved=Decimal("3000000"),
        allocated=Decimal("3000000"),
    )
    spending_record(line=line, by=liaison, amount=Decimal("120000"), spent_on=DAY, note="进度款")
    milestone_create(project=project, by=liaison, title="系统上线", planned_date=DAY)
    problem_create(project=project, by=liaison, title="数据接口延迟")

    kinds = {entry.kind for entry in project_history(project_pk=project.pk)}
    assert {"project", "budget", "milestone", "problem", "review"} <= kinds
    assert {e.kind for e in project_history(project_pk=project.pk, kind="budget")} == {"budget"}

    client.force_login(office_staff)
    assert (
        reverse("projects:history", args=[project.pk])
        in client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    )
    url = reverse("projects:history", args=[project.pk])
    page = client.get(url).content.decode()
    timeline = page[page.index('class="list-unstyled timeline"') :]
    for text in ("某公司", "系统上线", "数据接口延迟", "12.00", "进度款"):
        assert text in timeline
    narrowed = client.get(url, {"history": "milestone"}, HTTP_HX_REQUEST="true").content.decode()
    narrowed = narrowed[narrowed.index('class="list-unstyled timeline"') :]
    narrowed = narrowed[: narrowed.index("</ol>")]
    assert "系统上线" in narrowed and "数据接口延迟" not in narrowed


def test_audit_log_filters_by_person_type_and_date_and_exports(
    client, project, office_admin, office_staff, liaison, leadership, django_assert_max_num_queries
):
    milestone_create(project=project, by=liaison, title="联络员的里程碑", planned_date=DAY)
    problem_create(project=project, by=office_staff, title="办公室的问题")
    entries, more = audit_log(user_id=liaison.pk)
    assert {entry.who_id for entry in entries} == {liaison.pk} and not more
    entries, _ = audit_log(key="projects.problem")
    assert [entry.label for entry in entries] == ["办公室的问题"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert audit_log(date_from=tomorrow)[0] == []

    url = reverse("office:audit")
    client.force_login(leadership)
    with django_assert_max_num_queries(80) as few:
        page = client.get(url).content.decode()
    assert "联络员的里程碑" in page and "办公室的问题" in page
    for index in range(15):
        problem_create(project=ProjectFactory(), by=office_staff, title=f"问题{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    page = client.get(url, {"person": liaison.pk}).content.decode()
    assert "联络员的里程碑" in page and "办公室的问题" not in page

    export = client.get(url, {"type": "projects.milestone", "format": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and "联络员的里程碑" in rows[1]

    client.force_login(office_staff)
    assert client.get(url).status_code == 403


def test_history_cannot_be_edited_or_deleted_through_the_product():
    from django.urls import get_resolver

    from tests.urlmatrix import named_urls

    names = " ".join(named_urls())
    for word in ("history_edit", "history_delete", "audit_edit", "audit_delete", "spending_delete"):
        assert word not in names
    assert get_resolver()  # the admin is read-only too: tests/test_admin_read_only.py
