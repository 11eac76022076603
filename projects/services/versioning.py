from django.db import models, transaction

from .errors import StaleObjectError


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
