"""The daily due-date reminder as a django-celery-beat entry. Idempotent."""

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

DUE_REMINDER_TASK = "evaluations.tasks.send_due_reminders"
# A missed run is not worth sending late: the next morning's run covers the following day.
DUE_REMINDER_EXPIRES_SECONDS = 12 * 3600


@transaction.atomic
def ensure_due_reminder_schedule() -> PeriodicTask:
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="8",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    task, _ = PeriodicTask.objects.update_or_create(
        name="Assessment due-date reminders",
        defaults={
            "task": DUE_REMINDER_TASK,
            "crontab": crontab,
            "expire_seconds": DUE_REMINDER_EXPIRES_SECONDS,
        },
    )
    return task
