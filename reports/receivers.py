"""The reports app listens to lower apps' signals and files their reports."""

from django.dispatch import receiver

from steering.signals import meeting_closed

from .services import minutes_on_close


@receiver(meeting_closed, dispatch_uid="reports.minutes_on_close")
def build_minutes(sender, *, meeting_id: int, **kwargs) -> None:
    """A review meeting closed: build, archive and mail its minutes (会议纪要) once."""
    minutes_on_close(meeting_id=meeting_id)
