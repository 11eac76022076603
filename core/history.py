"""Change history helpers shared by every app (django-simple-history underneath).

A service says who made a change and why before it saves::

    attribute_change(line, by=user, reason="…")
    line.save()

A write made with a conditional UPDATE (which sends no ``post_save``) records its row with
``history_snapshot`` after it has read the row back."""

from django.utils import timezone
from simple_history.utils import get_history_model_for_model


def attribute_change(instance, *, by, reason: str = "") -> None:
    """Name the person (and the reason, where the action asked for one) of the next save."""
    instance._history_user = by
    instance._change_reason = reason.strip() or None


def history_snapshot(instance, *, by, reason: str = "", history_type: str = "~") -> None:
    """One history row holding ``instance`` as it is now."""
    history_model = get_history_model_for_model(type(instance))
    history_model.objects.create(
        history_date=timezone.now(),
        history_type=history_type,
        history_user=by,
        history_change_reason=reason.strip() or None,
        **{field.attname: getattr(instance, field.attname) for field in history_model.tracked_fields},
    )
