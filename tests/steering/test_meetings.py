"""Review meetings: the agenda rule, action items, reminders, closing and the minutes PDF."""

import datetime
import subprocess

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from dashboard.models import DigestLog
from dashboard.selectors import reminders_for
from dashboard.tasks import send_daily_digests
from projects.models import Stage
from projects.models.execution import ProblemStatus, Severity
from reports.models import ReportKind, ReportRun, RunStatus
from steering import services
from steering.models import ActionItem, AgendaItem, Decision, FrozenError, Meeting
from steering.selectors import agenda_suggestion
from tests.projects.factories import AnnualPlanFactory, AnnualPlanItemFactory, ProblemFactory, ProjectFactory
from tests.steering.factories import ActionItemFactory, AgendaItemFactory, MeetingFactory, StatusReportFactory

MONTH = datetime.date(2026, 10, 1)
ON = datetime.date(2026, 10, 28)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


# ---- The agenda rule, on known data ------------------------------------------------------------------


def test_the_default_agenda_follows_the_rule(db):
    """key in the year's plan; red this month; serious problem past due; action past due — and
    nothing else (a key project of another year, amber, a low or not-yet-due problem, a closed
    or not-yet-due action item)."""
    key, red, problem, action, quiet = (ProjectFactory(code=c) for c in ("A1", "A2", "A3", "A4", "A5"))
    plan = AnnualPlanFactory(year=2026)
    AnnualPlanItemFactory(plan=plan, project=key, is_key=True)
    AnnualPlanItemFactory(plan=plan, project=quiet, is_key=False)
    AnnualPlanItemFactory(plan=AnnualPlanFactory(year=2025), project=quiet, is_key=True)
    StatusReportFactory(project=red, month=MONTH, overall="red")
    StatusReportFactory(project=quiet, month=MONTH, overall="amber")
    StatusReportFactory(project=quiet, month=datetime.date(2026, 9, 1), overall="red")  # last month
    ProblemFactory(project=problem, severity=Severity.CRITICAL, due_date=ON - datetime.timedelta(days=1))
    ProblemFactory(project=quiet, severity=Severity.LOW, due_date=ON - datetime.timedelta(days=9))
    ProblemFactory(project=quiet, severity=Severity.HIGH, due_date=ON)  # due today: not past due
    ProblemFactory(
        project=quiet, severity=Severity.HIGH, due_date=ON - datetime.timedelta(days=9),
        status=ProblemStatus.RESOLVED, resolution="已解决",
    )  # fmt: skip
    ActionItemFactory(agenda_item=AgendaItemFactory(project=action), due_date=ON - datetime.timedelta(days=2))
    ActionItemFactory(agenda_item=AgendaItemFactory(project=quiet), due_date=ON)
    ActionItemFactory(
        agenda_item=AgendaItemFactory(project=quiet), due_date=ON - datetime.timedelta(days=2),
        status="closed", closing_note="已完成",
    )  # fmt: skip
    both = ProjectFactory(code="A6")
    AnnualPlanItemFactory(plan=plan, project=both, is_key=True)
    StatusReportFactory(project=both, month=MONTH, overall="red")

    agenda = [(p.code, reasons) for p, reasons in agenda_suggestion(month=MONTH, on=ON)]
    assert agenda == [
        ("A1", ["key"]),
        ("A2", ["red"]),
        ("A3", ["problem"]),
        ("A4", ["action"]),
        ("A6", ["key", "red"]),
    ]


def test_a_new_meeting_starts_with_the_default_agenda_which_the_office_edits(client, office_staff, db):
    red = ProjectFactory(code="R1")
    StatusReportFactory(project=red, month=MONTH, overall="red")
    meeting = services.meeting_create(
        by=office_staff, title="10月协调推进会", month=MONTH, held_on=ON, chair=office_staff, attendees=[]
    )
    assert [(i.project.code, i.reasons) for i in meeting.agenda.all()] == [("R1", ["red"])]
    extra = ProjectFactory(code="X1")
    client.force_login(office_staff)
    response = client.post(reverse("steering:agenda_add", args=[meeting.pk]), {"project": extra.pk})
    assert response.status_code == 302
    assert list(meeting.agenda.values_list("project__code", "reasons")) == [
        ("R1", ["red"]),
        ("X1", ["added"]),
    ]
    item = meeting.agenda.get(project=red)
    assert client.post(reverse("steering:agenda_remove", args=[item.pk])).status_code == 302
    assert list(meeting.agenda.values_list("project__code", flat=True)) == ["X1"]
    page = client.get(reverse("steering:meeting", args=[meeting.pk]))
    assert "key project of the year's plan" in page.content.decode() or "年度计划" in page.content.decode()


# ---- Action items: bad input -------------------------------------------------------------------------


@pytest.fixture
def item(office_staff, project):
    return AgendaItemFactory(meeting=MeetingFactory(chair=office_staff), project=project)


@pytest.mark.parametrize(
    ("missing", "message"),
    [("owner", "任务须指定责任人。"), ("due_date", "任务须填写完成期限。")],
)
def test_an_action_item_without_owner_or_due_date_is_refused(
    client, office_staff, liaison, item, missing, message
):
    client.force_login(office_staff)
    data = {
        f"a{item.pk}-text": "完成接口联调",
        f"a{item.pk}-owner": liaison.pk,
        f"a{item.pk}-due_date": "2026-11-15",
    }
    del data[f"a{item.pk}-{missing}"]
    response = client.post(reverse("steering:action_add", args=[item.pk]), data)
    assert response.status_code == 400
    errors = [row for row in response.context["rows"] if row["item"].pk == item.pk][0]["action_form"].errors
    assert errors[missing] == [message]
    assert ActionItem.objects.count() == 0


def test_the_service_refuses_an_action_item_without_owner_or_due_date(office_staff, item):
    with pytest.raises(ValidationError) as error:
        services.action_add(item=item, by=office_staff, text="完成", owner=None, due_date=None)
    assert set(error.value.message_dict) == {"owner", "due_date"}
    assert ActionItem.objects.count() == 0


def test_an_action_item_takes_its_owners_department(office_staff, liaison, item, department):
    action = services.action_add(
        item=item, by=office_staff, text="完成", owner=liaison, due_date=datetime.date(2026, 11, 15)
    )
    assert (action.department, action.project) == (department, item.project)


# ---- Reminders: the owner's digest, once ----------------------------------------------------------------


def test_an_open_action_item_reaches_its_owners_digest_once_a_day(liaison, office_staff, item):
    today = datetime.date.today()
    action = ActionItemFactory(agenda_item=item, owner=liaison, due_date=today + datetime.timedelta(days=20))
    assert reminders_for(user=liaison, today=today).action_items == [action]
    assert send_daily_digests() >= 1
    to_liaison = [m for m in mail.outbox if m.to == [liaison.email]]
    assert len(to_liaison) == 1
    assert action.text in to_liaison[0].body
    send_daily_digests()
    assert len([m for m in mail.outbox if m.to == [liaison.email]]) == 1
    assert DigestLog.objects.filter(user=liaison).count() == 1


def test_the_notifications_page_lists_the_owners_open_action_items(client, liaison, item):
    action = ActionItemFactory(agenda_item=item, owner=liaison)
    client.force_login(liaison)
    page = client.get(reverse("dashboard:notifications"))
    assert page.status_code == 200
    assert action.text in page.content.decode()


def test_a_closed_action_item_no_longer_reminds(liaison, item):
    action = ActionItemFactory(agenda_item=item, owner=liaison)
    services.action_close(action=action, by=liaison, closing_note="已完成联调")
    assert reminders_for(user=liaison, today=datetime.date.today()).action_items == []


def test_closing_an_action_item_needs_a_note_and_the_owner_or_the_office(
    client, liaison, other_liaison, item
):
    action = ActionItemFactory(agenda_item=item, owner=liaison)
    client.force_login(other_liaison)
    assert client.post(reverse("steering:action", args=[action.pk]), {"closing_note": "x"}).status_code == 403
    client.force_login(liaison)
    response = client.post(reverse("steering:action", args=[action.pk]), {"closing_note": ""})
    assert response.status_code == 200 and response.context["form"].errors["closing_note"]
    action.refresh_from_db()
    assert action.status == "open"


def test_liaison_is_reminded_of_the_months_reports_from_a_week_before_the_due_day(
    settings, liaison, department
):
    today = datetime.date.today()
    settings.STATUS_REPORT_DUE_DAY = min(max(today.day, 1), 28)
    project = ProjectFactory(lead_department=department, stage=Stage.IMPLEMENTATION)
    due = reminders_for(user=liaison, today=today).status_reports_due
    assert [row.project for row in due] == [project]
    StatusReportFactory(project=project, filed_by=liaison)
    assert reminders_for(user=liaison, today=today).status_reports_due == []


# ---- Closing: read-only record, frozen reports, minutes PDF archived and mailed -----------------------


def test_closing_a_meeting_builds_archives_and_mails_the_minutes(
    client, office_staff, liaison, leadership, project, django_capture_on_commit_callbacks
):
    report = StatusReportFactory(project=project, month=MONTH, overall="red", overall_reason="进度滞后",
                                 recovery_plan="增派人员", recovery_by=ON, filed_by=liaison)  # fmt: skip
    meeting = services.meeting_create(
        by=office_staff, title="10月协调推进会", month=MONTH, held_on=ON, chair=office_staff,
        attendees=[liaison, leadership],
    )  # fmt: skip
    item = meeting.agenda.get()
    services.minutes_save(item=item, by=office_staff, minutes="听取数据局汇报")
    services.decision_add(item=item, by=office_staff, text="同意调整上线时间")
    services.action_add(item=item, by=office_staff, text="提交调整方案", owner=liaison, due_date=ON)
    client.force_login(office_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("steering:meeting_close", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    report.refresh_from_db()
    assert meeting.is_closed and report.is_frozen
    run = ReportRun.objects.get(kind=ReportKind.MINUTES)
    assert run.status == RunStatus.DONE
    text = _pdf_text(run.file.path)
    for expected in (
        "会议纪要",
        "10月协调推进会",
        project.name,
        "同意调整上线时间",
        "提交调整方案",
        "听取数据局汇报",
    ):
        assert expected in text
    # One message per attendee and the chair, each addressed To: that person (reports.services.run_deliver).
    assert all(len(message.to) == 1 and not message.bcc and not message.cc for message in mail.outbox)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([liaison.email, leadership.email, office_staff.email])
    page = client.get(reverse("steering:meeting", args=[meeting.pk]))
    assert reverse("reports:download", args=[run.pk]) in page.content.decode()
    # Closing twice builds nothing new.
    with pytest.raises(ValidationError):
        services.meeting_close(meeting=meeting, by=office_staff)
    assert ReportRun.objects.filter(kind=ReportKind.MINUTES).count() == 1


def test_a_closed_meeting_is_read_only(client, office_staff, liaison, item):
    services.meeting_close(meeting=item.meeting, by=office_staff)
    client.force_login(office_staff)
    for name, data in [
        ("steering:decision_add", {f"d{item.pk}-text": "新决定"}),
        ("steering:minutes_save", {f"m{item.pk}-minutes": "改纪要"}),
        ("steering:agenda_remove", {}),
        ("steering:action_add", {f"a{item.pk}-text": "x", f"a{item.pk}-owner": liaison.pk,
                                 f"a{item.pk}-due_date": "2026-11-01"}),
    ]:  # fmt: skip
        assert client.post(reverse(name, args=[item.pk]), data).status_code == 403, name
    assert client.get(reverse("steering:meeting_edit", args=[item.meeting.pk])).status_code == 403
    with pytest.raises(FrozenError):
        services.decision_add(item=item, by=office_staff, text="新决定")
    # The models refuse it too, whatever path (admin, shell) tries.
    with pytest.raises(FrozenError):
        Decision.objects.create(agenda_item=item, text="新决定")
    item.minutes = "改纪要"
    with pytest.raises(FrozenError):
        item.save()
    assert Decision.objects.count() == 0 and AgendaItem.objects.get().minutes == ""
    assert Meeting.objects.get().is_closed


def test_the_meeting_page_queries_do_not_grow_with_the_agenda(
    client, office_staff, liaison, django_assert_max_num_queries
):
    meeting = MeetingFactory(chair=office_staff)

    def grow(n):
        for _ in range(n):
            agenda_item = AgendaItemFactory(meeting=meeting)
            Decision.objects.create(agenda_item=agenda_item, text="决定")
            ActionItemFactory(agenda_item=agenda_item, owner=liaison)
            StatusReportFactory(project=agenda_item.project, month=meeting.month)

    client.force_login(office_staff)
    grow(2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse("steering:meeting", args=[meeting.pk])).status_code == 200
    grow(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("steering:meeting", args=[meeting.pk])).status_code == 200
