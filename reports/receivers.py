"""The reports app listens to lower apps' signals and files their reports (connected when
``ReportsConfig.ready`` imports this module)."""

from django.dispatch import receiver

from evaluations.signals import cycle_closed
from steering.signals import meeting_closed

from .services import cycle_report_on_close, minutes_on_close


@receiver(cycle_closed, dispatch_uid="reports.cycle_report_on_close")
def file_cycle_report(sender, *, cycle_id: int, **kwargs) -> None:
    """A closed assessment cycle gets its cycle report, once."""
    cycle_report_on_close(cycle_id=cycle_id)


@receiver(meeting_closed, dispatch_uid="reports.minutes_on_close")
def build_minutes(sender, *, meeting_id: int, **kwargs) -> None:
    """A review meeting closed: build, archive and mail its minutes (会议纪要) once."""
    minutes_on_close(meeting_id=meeting_id)
