"""Versioned edits: a record with a ``version`` field is saved only if nobody saved it since the
form was opened (optimistic locking); otherwise the editor gets the conflict error."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleObjectError(ValidationError):
    """Someone else saved the record after this form was opened; saving would overwrite them."""

    def __init__(self, changed_fields: list[str] | None = None):
        self.changed_fields = changed_fields or []
        super().__init__(
            _("Someone else saved this record after you opened it. Reload to see their changes."),
            code="stale",
        )


@transaction.atomic
def save_if_current(*, instance: models.Model, expected_version: int) -> None:
    """Optimistic locking for any model with a ``version`` field.

    The conditional UPDATE claims the row atomically on every database (SQLite has no
    SELECT ... FOR UPDATE), so of two concurrent saves exactly one wins; the loser gets a
    StaleObjectError naming the fields where the stored record differs from theirs. The
    winner then saves normally, so the change history records it."""
    instance.full_clean()
    model = type(instance)
    claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=models.F("version") + 1
    )
    if claimed != 1:
        current = model.objects.get(pk=instance.pk)
        changed = [
            str(field.verbose_name)
            for field in model._meta.concrete_fields
            if field.editable and getattr(current, field.attname) != getattr(instance, field.attname)
        ]
        raise StaleObjectError(changed)
    instance.version = expected_version + 1
    instance.save()
