from celery import shared_task
from django.utils import timezone

from .selectors import digest_recipients
from .services import digest_send


@shared_task(name="dashboard.tasks.send_daily_digests")
def send_daily_digests() -> int:
    """Daily beat job: one reminder digest per person. Running it twice sends nothing new."""
    today = timezone.localdate()
    return sum(digest_send(user=user, today=today) for user in digest_recipients(today=today))
