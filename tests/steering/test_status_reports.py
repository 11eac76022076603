"""Status reports: the rules of a report, the pre-filled ratings, freezing, lateness and roles."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dashboard.selectors import portfolio_health
from projects.health import Health
from projects.models import Project, Stage
from projects.models.execution import Severity
from steering import services
from steering.models import FrozenError, StatusNote, StatusReport
from steering.selectors import due_list, is_late, prefill, suggested_ratings
from tests.projects.factories import MilestoneFactory, ProblemFactory, ProjectFactory
from tests.steering.factories import MeetingFactory, StatusReportFactory, this_month

TODAY = datetime.date.today()
MONTH = this_month()

GREEN = {d: "green" for d in ("overall", "schedule", "budget", "scope", "risk")}


def form_data(**overrides) -> dict:
    data = {"month": MONTH.isoformat(), **GREEN, "achievements": "完成需求调研"}
    data.update(overrides)
    return data


@pytest.fixture
def running(department):
    """A project in implementation, half-way through its plan, with nothing wrong (green)."""
    return ProjectFactory(
        lead_department=department,
        stage=Stage.IMPLEMENTATION,
        planned_start=TODAY - datetime.timedelta(days=200),
        planned_end=TODAY + datetime.timedelta(days=200),
    )


# ---- Bad input: clear errors, nothing saved --------------------------------------------------------


def test_red_without_reason_or_corrective_measures_is_refused_next_to_the_fields(client, liaison, running):
    client.force_login(liaison)
    url = reverse("steering:report_create", args=[running.pk])
    response = client.post(url, form_data(overall="red"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Say why" in errors["overall_reason"][0] or "说明" in errors["overall_reason"][0]
    assert "recovery_plan" in errors and "recovery_by" in errors
    assert StatusReport.objects.count() == 0


def test_red_with_reason_and_measures_is_filed(client, liaison, running):
    client.force_login(liaison)
    url = reverse("steering:report_create", args=[running.pk])
    data = form_data(
        overall="red",
        overall_reason="接口联调延误",
        recovery_plan="增派两名工程师",
        recovery_by=(TODAY + datetime.timedelta(days=30)).isoformat(),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    report = StatusReport.objects.get()
    assert (report.overall, report.filed_by, report.month) == ("red", liaison, MONTH)


def test_a_rating_that_differs_from_the_suggestion_needs_a_reason(running, liaison):
    ProblemFactory(project=running, severity=Severity.HIGH, due_date=TODAY - datetime.timedelta(days=3))
    filled = prefill(project=running, month=MONTH, today=TODAY)
    assert filled["suggestions"]["risk"] == "red"
    with pytest.raises(ValidationError) as error:
        services.status_report_file(
            project=running, month=MONTH, by=liaison, suggestions=filled["suggestions"], facts={}, **GREEN
        )
    assert "risk_reason" in error.value.message_dict
    assert StatusReport.objects.count() == 0


def test_a_second_report_for_the_same_project_and_month_is_refused(client, liaison, running):
    StatusReportFactory(project=running, month=MONTH, filed_by=liaison)
    client.force_login(liaison)
    response = client.post(reverse("steering:report_create", args=[running.pk]), form_data())
    assert response.status_code == 200
    message = response.context["form"].errors["month"][0]
    assert running.code in message
    assert StatusReport.objects.count() == 1


# ---- Pre-filled ratings ---------------------------------------------------------------------------


def test_prefilled_overall_rating_and_reasons_are_the_dashboards_health_rule(department):
    """Three projects made red, amber and green by the rule; the form's suggestion for each is
    the colour and reasons of the dashboard's health table."""
    start, end = TODAY - datetime.timedelta(days=100), TODAY + datetime.timedelta(days=100)
    red = ProjectFactory(stage=Stage.IMPLEMENTATION, planned_start=start, planned_end=end)
    for days in (5, 10):
        MilestoneFactory(project=red, planned_date=TODAY - datetime.timedelta(days=days))
    amber = ProjectFactory(stage=Stage.IMPLEMENTATION, planned_start=None, planned_end=None)
    MilestoneFactory(project=amber, planned_date=TODAY - datetime.timedelta(days=1))
    green = ProjectFactory(stage=Stage.IMPLEMENTATION, planned_start=None, planned_end=None)
    health = {
        row.project.pk: row
        for row in portfolio_health(projects=Project.objects.all(), year=TODAY.year, today=TODAY)
    }
    seen = set()
    for project in (red, amber, green):
        suggestion = suggested_ratings(project=project, today=TODAY)["overall"]
        assert suggestion.rating == health[project.pk].health
        assert suggestion.reasons == health[project.pk].reasons
        seen.add(suggestion.rating)
    assert seen == {Health.RED, Health.AMBER, Health.GREEN}


def test_the_form_opens_with_the_suggestions_and_the_months_facts(client, liaison, running):
    MilestoneFactory(project=running, planned_date=TODAY - datetime.timedelta(days=1), title="数据接入")
    client.force_login(liaison)
    response = client.get(reverse("steering:report_create", args=[running.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    # one overdue milestone (amber) and no progress half-way through the plan (red): red
    assert form.initial["schedule"] == "red"
    assert form.initial["overall"] == "red"
    assert form.initial["budget"] == "green"
    assert "scope" not in form.initial  # no data behind scope: the person judges it
    assert [m["title"] for m in response.context["facts"]["milestones_due"]] == ["数据接入"]


# ---- Frozen: no path changes it ---------------------------------------------------------------------


@pytest.fixture
def frozen(running, liaison, office_staff):
    report = StatusReportFactory(project=running, month=MONTH, filed_by=liaison, overall_reason="正常")
    meeting = MeetingFactory(month=MONTH, chair=office_staff)
    services.meeting_close(meeting=meeting, by=office_staff)
    report.refresh_from_db()
    assert report.is_frozen
    return report


def _unchanged(report) -> None:
    stored = StatusReport.objects.get(pk=report.pk)
    assert (stored.overall, stored.overall_reason, stored.version) == ("green", "正常", report.version)


def test_closing_the_months_meeting_freezes_its_reports(frozen):
    assert frozen.frozen_at is not None


def test_a_frozen_report_refuses_model_queryset_and_service_writes(frozen, liaison):
    frozen.overall_reason = "改过"
    with pytest.raises(FrozenError):
        frozen.save()
    with pytest.raises(FrozenError):
        frozen.delete()
    with pytest.raises(FrozenError):
        StatusReport.objects.filter(pk=frozen.pk).update(overall_reason="改过")
    with pytest.raises(FrozenError):
        StatusReport.objects.filter(pk=frozen.pk).delete()
    with pytest.raises(FrozenError):
        services.status_report_update(
            report=StatusReport.objects.get(pk=frozen.pk),
            by=liaison,
            expected_version=frozen.version,
            overall_reason="改过",
        )
    frozen.refresh_from_db()
    _unchanged(frozen)


@pytest.mark.parametrize("role", ["office_admin", "office_staff", "liaison", "other_liaison", "leadership",
                                  "evaluator", "other_evaluator"])  # fmt: skip
def test_no_role_changes_a_frozen_report_through_the_pages(client, users, frozen, role):
    client.force_login(users[role])
    edit = client.post(
        reverse("steering:report_edit", args=[frozen.pk]),
        form_data(overall_reason="改过", version=frozen.version),
    )
    assert edit.status_code in (403, 404)
    page = client.get(reverse("steering:report", args=[frozen.pk]))
    if role in ("evaluator", "other_evaluator"):
        assert page.status_code == 404
    else:
        assert page.status_code == 200
        assert b'href="/steering/reports/%d/edit/"' % frozen.pk not in page.content
    _unchanged(frozen)


def test_the_admin_shows_a_frozen_report_read_only_and_refuses_changes(client, frozen):
    from tests.accounts.factories import UserFactory

    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    change_url = reverse("admin:steering_statusreport_change", args=[frozen.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="overall_reason"' not in page.content  # shown, not editable
    posted = client.post(change_url, {"overall": "red", "overall_reason": "改过"})
    assert posted.status_code == 403
    deleted = client.post(reverse("admin:steering_statusreport_delete", args=[frozen.pk]), {"post": "yes"})
    assert deleted.status_code == 403
    bulk = client.post(
        reverse("admin:steering_statusreport_changelist"),
        {"action": "delete_selected", "_selected_action": [frozen.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    _unchanged(frozen)


def test_the_api_has_no_path_that_writes_a_status_report(client, frozen):
    """The REST API is read-only: no steering endpoint, and every endpoint refuses writes."""
    from django.urls import get_resolver

    api = [str(p.pattern) for p in get_resolver().url_patterns if str(p.pattern).startswith("api/")]
    assert api
    from api.urls import router

    assert all("status" not in prefix and "steering" not in prefix for prefix, *_ in router.registry)
    for prefix, viewset, _basename in router.registry:
        assert not {"create", "update", "partial_update", "destroy"} & set(dir(viewset)), prefix
    _unchanged(frozen)


def test_a_frozen_report_takes_a_dated_note(client, liaison, frozen):
    client.force_login(liaison)
    response = client.post(reverse("steering:report_note", args=[frozen.pk]), {"text": "补充：3日已完成联调"})
    assert response.status_code == 302
    note = StatusNote.objects.get()
    assert (note.report, note.by, note.at.date()) == (frozen, liaison, datetime.date.today())
    _unchanged(frozen)


# ---- Due day and lateness ---------------------------------------------------------------------------


def test_a_report_filed_after_the_due_day_is_late(settings, running, liaison):
    settings.STATUS_REPORT_DUE_DAY = 10
    month = datetime.date(2026, 3, 1)
    on_time = StatusReportFactory(project=running, month=month, filed_by=liaison)
    StatusReport.objects.filter(pk=on_time.pk).update(
        filed_at=datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
    )
    on_time.refresh_from_db()
    assert not is_late(on_time)
    StatusReport.objects.filter(pk=on_time.pk).update(
        filed_at=datetime.datetime(2026, 3, 11, 9, tzinfo=datetime.UTC)
    )
    on_time.refresh_from_db()
    assert is_late(on_time)


def test_due_list_marks_missing_reports_late_after_the_due_day(settings, running, liaison, other_liaison):
    settings.STATUS_REPORT_DUE_DAY = 10
    month = datetime.date(2026, 3, 1)
    rows = due_list(user=liaison, month=month, today=datetime.date(2026, 3, 11))
    assert [(row.project, row.report, row.late, row.can_file) for row in rows] == [
        (running, None, True, True)
    ]
    assert due_list(user=other_liaison, month=month, today=datetime.date(2026, 3, 9))[0].can_file is False


# ---- Roles ------------------------------------------------------------------------------------------


def test_a_liaison_files_only_for_their_departments_projects(other_liaison, running):
    with pytest.raises(PermissionDenied):
        services.status_report_file(
            project=running, month=MONTH, by=other_liaison, suggestions={}, facts={}, **GREEN
        )
    assert StatusReport.objects.count() == 0


def test_leadership_reads_the_steering_pages_but_gets_no_write_control(client, leadership, running, liaison):
    report = StatusReportFactory(project=running, filed_by=liaison)
    client.force_login(leadership)
    assert client.get(reverse("steering:index")).status_code == 200
    page = client.get(reverse("steering:report", args=[report.pk]))
    assert page.status_code == 200
    assert b"<form" not in page.content.split(b"<main")[-1]


def test_the_index_page_queries_do_not_grow_with_projects(
    client, office_staff, department, django_assert_max_num_queries
):
    client.force_login(office_staff)
    for _ in range(3):
        StatusReportFactory(project=ProjectFactory(stage=Stage.IMPLEMENTATION, lead_department=department))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("steering:index"))
    for _ in range(12):
        StatusReportFactory(project=ProjectFactory(stage=Stage.IMPLEMENTATION, lead_department=department))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("steering:index")).status_code == 200
