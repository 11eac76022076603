"""What the change history traces in this app, and how each change reads (registered in ready())."""

from django.utils.translation import gettext_lazy

from core.history import HistorySource, register_history

from . import models


def register_sources() -> None:
    # The same kind as the funding sources of ``projects``: one filter for the organisation.
    organisation_kind = ("organisation", gettext_lazy("Departments, agencies, funding sources"))
    register_history(HistorySource(models.Department, *organisation_kind, label=lambda r: r.name))
    register_history(HistorySource(models.Agency, *organisation_kind, label=lambda r: r.name))
