import json

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from reports.models import ReportSchedule, Subscriber
from reports.schedules import EXPIRE_SECONDS, SCHEDULED_REPORT_TASK, ensure_schedules


def test_ensure_schedules_is_idempotent_and_registers_every_beat_entry(db):
    ensure_schedules()
    assert ensure_schedules() == []
    entries = {entry.task: entry for entry in PeriodicTask.objects.select_related("crontab")}
    assert set(entries) == {
        SCHEDULED_REPORT_TASK,
        "evaluations.tasks.send_due_reminders",
        "dashboard.tasks.send_daily_digests",
        "reports.tasks.redispatch_stranded_runs",
    }
    monthly = entries[SCHEDULED_REPORT_TASK]
    assert (monthly.crontab.minute, monthly.crontab.hour, monthly.crontab.day_of_month) == ("0", "8", "1")
    assert json.loads(monthly.kwargs) == {"schedule_id": ReportSchedule.objects.get().pk}
    assert entries["evaluations.tasks.send_due_reminders"].crontab.hour == "7"
    digests = entries["dashboard.tasks.send_daily_digests"].crontab
    assert (digests.minute, digests.hour) == ("30", "7")
    assert entries["reports.tasks.redispatch_stranded_runs"].crontab.minute == "*/5"
    assert all(entry.expire_seconds == EXPIRE_SECONDS for entry in entries.values())


def test_ensure_schedules_keeps_an_admins_edit(client, office_admin):
    ensure_schedules()
    schedule = ReportSchedule.objects.get()
    client.force_login(office_admin)
    client.post(
        reverse("reports:schedule_edit", args=[schedule.pk]), {"name": schedule.name, "cron": "15 9 2 * *"}
    )
    ensure_schedules()
    assert PeriodicTask.objects.get(task=SCHEDULED_REPORT_TASK).crontab.hour == "9"


def test_office_admin_creates_a_schedule_with_users_and_addresses(client, office_admin, leadership):
    client.force_login(office_admin)
    response = client.post(
        reverse("reports:schedule_create"),
        {
            "name": "领导月报",
            "cron": "0 8 1 * *",
            "enabled": "on",
            "subscribers": "leader\nMayor@Example.test\n\nmayor@example.test",
        },
    )
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get(name="领导月报")
    assert sorted(subscriber.address for subscriber in schedule.subscribers.all()) == [
        "leader@example.test",
        "mayor@example.test",
    ]
    entry = schedule.periodic_task
    assert entry.enabled and entry.task == SCHEDULED_REPORT_TASK
    assert json.loads(entry.kwargs) == {"schedule_id": schedule.pk}


@pytest.mark.parametrize(
    "cron, message",
    [
        ("0 8 1 *", "五个字段"),
        ("0 25 1 * *", "Cron 表达式无效"),
        ("61 8 1 * *", "Cron 表达式无效"),
        ("a b c d e", "Cron 表达式无效"),
        ("", "必填项"),
    ],
)
def test_invalid_cron_expression_is_refused_next_to_the_field(client, office_admin, cron, message):
    client.force_login(office_admin)
    response = client.post(
        reverse("reports:schedule_create"), {"name": "坏计划", "frequency": "custom", "cron": cron}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["cron"])
    assert message in response.content.decode()
    assert not ReportSchedule.objects.exists()
    assert not PeriodicTask.objects.exists()


@pytest.mark.parametrize(
    "line, message",
    [
        ("not-an-email@", "不是有效的电子邮件地址"),
        ("a@b@c.test", "不是有效的电子邮件地址"),
        ("nobody", "既不是用户也不是电子邮件地址"),
    ],
)
def test_invalid_subscriber_is_refused_next_to_the_field(client, office_admin, line, message):
    client.force_login(office_admin)
    response = client.post(
        reverse("reports:schedule_create"), {"name": "坏计划", "cron": "0 8 1 * *", "subscribers": line}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["subscribers"])
    assert not ReportSchedule.objects.exists()
    assert not Subscriber.objects.exists()


def test_a_user_without_email_cannot_subscribe(client, office_admin, leadership):
    leadership.email = ""
    leadership.save()
    client.force_login(office_admin)
    response = client.post(
        reverse("reports:schedule_create"), {"name": "月报", "cron": "0 8 1 * *", "subscribers": "leader"}
    )
    assert response.status_code == 400
    assert "没有电子邮件地址" in " ".join(response.context["form"].errors["subscribers"])


def test_disabling_a_schedule_disables_its_beat_entry(client, office_admin):
    ensure_schedules()
    schedule = ReportSchedule.objects.get()
    client.force_login(office_admin)
    client.post(
        reverse("reports:schedule_edit", args=[schedule.pk]), {"name": schedule.name, "cron": "0 8 1 * *"}
    )
    assert not PeriodicTask.objects.get(task=SCHEDULED_REPORT_TASK).enabled


def test_a_schedule_in_words_is_stored_as_cron_in_beat(client, office_admin):
    client.force_login(office_admin)
    data = {"name": "季报", "frequency": "quarterly", "day": "5", "at": "09:30", "enabled": "on"}
    response = client.post(reverse("reports:schedule_create"), data)
    assert response.status_code == 302
    crontab = ReportSchedule.objects.get(name="季报").periodic_task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year) == (
        "30",
        "9",
        "5",
        "1,4,7,10",
    )
    response = client.get(reverse("reports:schedule_edit", args=[ReportSchedule.objects.get(name="季报").pk]))
    assert response.context["form"].initial["frequency"] == "quarterly"


def test_preview_shows_the_next_three_runs_and_saves_nothing(client, office_admin):
    client.force_login(office_admin)
    data = {"name": "周报", "frequency": "weekly", "weekday": "1", "at": "08:00", "preview": ""}
    response = client.post(reverse("reports:schedule_create"), data)
    assert response.status_code == 200
    upcoming = response.context["upcoming"]
    assert len(upcoming) == 3
    assert all(moment.isoweekday() == 1 and (moment.hour, moment.minute) == (8, 0) for moment in upcoming)
    assert not ReportSchedule.objects.filter(name="周报").exists()


def test_a_monthly_schedule_needs_its_day(client, office_admin):
    client.force_login(office_admin)
    data = {"name": "月报", "frequency": "monthly", "at": "08:00"}
    response = client.post(reverse("reports:schedule_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["day"]
    assert not ReportSchedule.objects.exists()


def test_next_runs_of_a_monthly_schedule():
    import datetime

    from django.utils import timezone

    from reports.schedules import Cron, next_runs

    after = timezone.make_aware(datetime.datetime(2026, 12, 2, 10, 0))
    runs = next_runs(Cron("0", "8", "1", "*", "*"), after=after)
    assert [moment.strftime("%Y-%m-%d %H:%M") for moment in runs] == [
        "2027-01-01 08:00",
        "2027-02-01 08:00",
        "2027-03-01 08:00",
    ]
