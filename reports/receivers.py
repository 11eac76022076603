"""What this app does when an app below it tells of an event (connected in ``ReportsConfig.ready``)."""

from .services import cycle_report_on_close


def file_cycle_report(*, cycle_id: int, **_kwargs) -> None:
    """A closed assessment cycle gets its cycle report, once."""
    cycle_report_on_close(cycle_id=cycle_id)
