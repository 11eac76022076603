"""Report schedules as django-celery-beat entries. Every beat entry of the product is created
here (``ensure_schedules``), each with an expiry so a missed firing does not pile up."""

import datetime
import json
from dataclasses import dataclass

from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import User

from .models import ReportKind, ReportSchedule, Subscriber

SCHEDULED_REPORT_TASK = "reports.tasks.run_scheduled_report"
# A firing not picked up within this many seconds is dropped: the next firing covers it.
EXPIRE_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Cron:
    minute: str
    hour: str
    day_of_month: str
    month_of_year: str
    day_of_week: str

    def __str__(self):
        return " ".join((self.minute, self.hour, self.day_of_month, self.month_of_year, self.day_of_week))


def parse_cron(expression: str) -> Cron:
    """ "0 8 1 * *" (minute hour day-of-month month day-of-week) → Cron, or ValidationError."""
    fields = (expression or "").split()
    if len(fields) != 5:
        raise ValidationError(
            _("A cron expression has five fields: minute hour day month weekday, e.g. 0 8 1 * *.")
        )
    cron = Cron(*fields)
    try:
        crontab(
            minute=cron.minute,
            hour=cron.hour,
            day_of_month=cron.day_of_month,
            month_of_year=cron.month_of_year,
            day_of_week=cron.day_of_week,
        )
    except ValueError as exc:
        raise ValidationError(_("Not a valid cron expression: %(error)s") % {"error": exc}) from exc
    return cron


class Frequency(models.TextChoices):
    MONTHLY = "monthly", gettext_lazy("Monthly, on a day of the month")
    WEEKLY = "weekly", gettext_lazy("Weekly, on a weekday")
    QUARTERLY = "quarterly", gettext_lazy("Quarterly, on a day of January, April, July and October")
    CUSTOM = "custom", gettext_lazy("Custom (cron expression)")


# Cron numbers the weekdays from Sunday = 0; the form offers them Monday first.
WEEKDAYS = [
    (1, gettext_lazy("Monday")),
    (2, gettext_lazy("Tuesday")),
    (3, gettext_lazy("Wednesday")),
    (4, gettext_lazy("Thursday")),
    (5, gettext_lazy("Friday")),
    (6, gettext_lazy("Saturday")),
    (0, gettext_lazy("Sunday")),
]
QUARTER_MONTHS = "1,4,7,10"


@dataclass(frozen=True)
class Timing:
    """A schedule as a person says it: monthly on day 1 at 08:00, weekly on Monday at 08:00,
    quarterly on day 5 at 09:30 (of January, April, July, October), or a raw cron expression."""

    frequency: str
    at: datetime.time
    day: int | None = None
    weekday: int | None = None
    cron: Cron | None = None


def cron_for(timing: Timing) -> Cron:
    minute, hour = str(timing.at.minute), str(timing.at.hour)
    if timing.frequency == Frequency.MONTHLY:
        return Cron(minute, hour, str(timing.day), "*", "*")
    if timing.frequency == Frequency.QUARTERLY:
        return Cron(minute, hour, str(timing.day), QUARTER_MONTHS, "*")
    if timing.frequency == Frequency.WEEKLY:
        return Cron(minute, hour, "*", "*", str(timing.weekday))
    return timing.cron


def timing_of(cron: Cron) -> Timing:
    """The form's reading of a stored cron expression; anything the form cannot say is custom."""
    simple = cron.minute.isdigit() and cron.hour.isdigit()
    if simple:
        at = datetime.time(int(cron.hour), int(cron.minute))
        if cron.day_of_month.isdigit() and cron.month_of_year == "*" and cron.day_of_week == "*":
            return Timing(Frequency.MONTHLY, at, day=int(cron.day_of_month))
        if cron.day_of_month.isdigit() and cron.month_of_year == QUARTER_MONTHS and cron.day_of_week == "*":
            return Timing(Frequency.QUARTERLY, at, day=int(cron.day_of_month))
        if cron.day_of_month == "*" and cron.month_of_year == "*" and cron.day_of_week.isdigit():
            return Timing(Frequency.WEEKLY, at, weekday=int(cron.day_of_week) % 7)
    return Timing(Frequency.CUSTOM, datetime.time(8, 0), cron=cron)


def describe(cron: Cron) -> str:
    """A stored schedule in words: "monthly on day 1 at 08:00"."""
    timing = timing_of(cron)
    at = timing.at.strftime("%H:%M")
    if timing.frequency == Frequency.MONTHLY:
        return _("monthly on day %(day)s at %(at)s") % {"day": timing.day, "at": at}
    if timing.frequency == Frequency.QUARTERLY:
        return _("quarterly on day %(day)s of January, April, July and October at %(at)s") % {
            "day": timing.day,
            "at": at,
        }
    if timing.frequency == Frequency.WEEKLY:
        return _("weekly on %(weekday)s at %(at)s") % {"weekday": dict(WEEKDAYS)[timing.weekday], "at": at}
    return _("custom: %(cron)s") % {"cron": cron}


def next_runs(cron: Cron, *, after: datetime.datetime, count: int = 3) -> list[datetime.datetime]:
    """The next ``count`` firings after ``after`` in the site's time zone, as beat will fire them
    (celery requires both the day of the month and the weekday to match)."""
    parsed = crontab(
        minute=cron.minute,
        hour=cron.hour,
        day_of_month=cron.day_of_month,
        month_of_year=cron.month_of_year,
        day_of_week=cron.day_of_week,
    )
    zone = timezone.get_current_timezone()
    after = timezone.localtime(after, zone)
    found: list[datetime.datetime] = []
    day = after.date()
    for _offset in range(3 * 366):
        if (
            day.day in parsed.day_of_month
            and day.month in parsed.month_of_year
            and day.isoweekday() % 7 in parsed.day_of_week
        ):
            for hour in sorted(parsed.hour):
                for minute in sorted(parsed.minute):
                    moment = timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(hour, minute)), zone
                    )
                    if moment > after:
                        found.append(moment)
                        if len(found) == count:
                            return found
        day += datetime.timedelta(days=1)
    return found


def cron_of(task: PeriodicTask) -> str:
    schedule = task.crontab
    return str(
        Cron(
            schedule.minute,
            schedule.hour,
            schedule.day_of_month,
            schedule.month_of_year,
            schedule.day_of_week,
        )
    )


def parse_subscribers(text: str) -> list[User | str]:
    """One recipient per line: a username of an active user with an email, or an email address."""
    recipients: list[User | str] = []
    errors = []
    for line in (text or "").splitlines():
        entry = line.strip()
        if not entry:
            continue
        if "@" in entry:
            try:
                validate_email(entry)
            except ValidationError:
                errors.append(_("%(entry)s is not a valid email address.") % {"entry": entry})
                continue
            recipients.append(entry.lower())
            continue
        user = User.objects.filter(username=entry, is_active=True).first()
        if user is None:
            errors.append(_("%(entry)s is neither a user nor an email address.") % {"entry": entry})
        elif not user.email:
            errors.append(_("The user %(entry)s has no email address.") % {"entry": entry})
        else:
            recipients.append(user)
    if errors:
        raise ValidationError(errors)
    return recipients


def _crontab(cron: Cron) -> CrontabSchedule:
    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute=cron.minute,
        hour=cron.hour,
        day_of_month=cron.day_of_month,
        month_of_year=cron.month_of_year,
        day_of_week=cron.day_of_week,
        timezone=settings.TIME_ZONE,
    )
    return schedule


def _beat_entry(
    *, name: str, task: str, cron: Cron, enabled: bool = True, kwargs: dict | None = None
) -> PeriodicTask:
    entry, _created = PeriodicTask.objects.update_or_create(
        name=name,
        defaults={
            "task": task,
            "crontab": _crontab(cron),
            "kwargs": json.dumps(kwargs or {}),
            "enabled": enabled,
            "expire_seconds": EXPIRE_SECONDS,
        },
    )
    return entry


def _schedule_state(*, cron: str, enabled: bool, subscribers: list) -> str:
    """The schedule's timing, state and recipients in one line, for its change history."""
    recipients = ", ".join(sorted(item.username if isinstance(item, User) else item for item in subscribers))
    return _("cron %(cron)s, %(state)s, subscribers: %(recipients)s") % {
        "cron": cron,
        "state": _("enabled") if enabled else _("paused"),
        "recipients": recipients or "—",
    }


@transaction.atomic
def schedule_save(
    *,
    schedule: ReportSchedule | None,
    name: str,
    cron: Cron,
    enabled: bool,
    subscribers: list[User | str],
    kind: str = ReportKind.MONTHLY,
) -> ReportSchedule:
    """Create or change a report schedule, its beat entry and its subscribers. The timing and the
    subscribers live beside the schedule, so the schedule's history row says what they became."""
    new_state = _schedule_state(cron=str(cron), enabled=enabled, subscribers=subscribers)
    if schedule is None:
        schedule = ReportSchedule(name=name, kind=kind)
        schedule.periodic_task = _beat_entry(name=f"report: {name}", task=SCHEDULED_REPORT_TASK, cron=cron)
        schedule.full_clean()
        schedule._change_reason = new_state
        schedule.save()
    else:
        old_state = _schedule_state(
            cron=cron_of(schedule.periodic_task),
            enabled=schedule.periodic_task.enabled,
            subscribers=[s.user or s.email for s in schedule.subscribers.select_related("user")],
        )
        schedule.name = name
        schedule.full_clean(exclude=["periodic_task"])
        schedule._change_reason = new_state if old_state == new_state else f"{old_state} → {new_state}"
        schedule.save()
    entry = schedule.periodic_task
    entry.name = f"report: {name}"
    entry.crontab = _crontab(cron)
    entry.enabled = enabled
    entry.kwargs = json.dumps({"schedule_id": schedule.pk})
    entry.expire_seconds = EXPIRE_SECONDS
    entry.full_clean()
    entry.save()
    schedule.subscribers.all().delete()
    Subscriber.objects.bulk_create(
        Subscriber(schedule=schedule, user=item)
        if isinstance(item, User)
        else Subscriber(schedule=schedule, email=item)
        for item in dict.fromkeys(subscribers)
    )
    return schedule


# The product's beat entries. Reports get a ReportSchedule (with subscribers); the others are
# plain entries calling another app's task by name.
DEFAULT_REPORT_SCHEDULES = [("月度进展报告", ReportKind.MONTHLY, Cron("0", "8", "1", "*", "*"))]
DEFAULT_TASK_ENTRIES = [
    ("evaluations: due reminders", "evaluations.tasks.send_due_reminders", Cron("0", "7", "*", "*", "*")),
    ("dashboard: daily digests", "dashboard.tasks.send_daily_digests", Cron("30", "7", "*", "*", "*")),
    # Report builds whose broker message was lost (a Redis restart) are sent again.
    ("reports: stranded builds", "reports.tasks.redispatch_stranded_runs", Cron("*/5", "*", "*", "*", "*")),
]


@transaction.atomic
def ensure_schedules() -> list[str]:
    """Create the default beat entries that are missing; never change ones that exist (an office
    admin may have edited them). Idempotent. Returns the names it created."""
    created = []
    for name, kind, cron in DEFAULT_REPORT_SCHEDULES:
        if not ReportSchedule.objects.filter(name=name).exists():
            schedule_save(schedule=None, name=name, cron=cron, enabled=True, subscribers=[], kind=kind)
            created.append(name)
    for name, task, cron in DEFAULT_TASK_ENTRIES:
        if not PeriodicTask.objects.filter(name=name).exists():
            _beat_entry(name=name, task=task, cron=cron)
            created.append(name)
    return created
