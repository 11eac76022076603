from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class StaleObjectError(ValidationError):
    """Someone else saved the record after this form was opened; saving would overwrite them."""

    def __init__(self, changed_fields: list[str] | None = None):
        self.changed_fields = changed_fields or []
        super().__init__(
            _("Someone else saved this record after you opened it. Reload to see their changes."),
            code="stale",
        )
