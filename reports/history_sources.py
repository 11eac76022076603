"""What the change history traces in this app (registered in ready())."""

from django.utils.translation import gettext_lazy

from core.history import HistorySource, register_history

from .models import ReportSchedule


def register_sources() -> None:
    register_history(
        HistorySource(ReportSchedule, "schedule", gettext_lazy("Report schedules"), label=lambda r: r.name)
    )
