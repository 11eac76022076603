"""Form helpers of the ground floor: the input rules of ``core.validation`` on every field of a
form, set once in ``InputRulesFormMixin`` (which the project's form base class uses)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .validation import (
    DEFAULT_TEXT_MAX_LENGTH,
    INT64_MAX,
    INT64_MIN,
    date_window,
    validate_date_in_window,
    validate_no_control_characters,
)


def _too_big_id(value) -> bool:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    return not INT64_MIN <= number <= INT64_MAX


def _bounded_choice_clean(field: forms.ModelChoiceField):
    """Wraps a model choice field's clean so an id beyond 64 bits is an invalid choice, before
    the database sees it (SQLite overflows on ``pk__in`` with such a value)."""
    clean = field.clean

    def bounded_clean(value):
        values = value if isinstance(value, list | tuple) else [value]
        bad = next((item for item in values if _too_big_id(item)), None)
        if bad is not None:
            if isinstance(field, forms.ModelMultipleChoiceField):
                raise ValidationError(
                    field.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": bad}
                )
            raise ValidationError(
                field.error_messages["invalid_choice"], code="invalid_choice", params={"value": bad}
            )
        return clean(value)

    return bounded_clean


def apply_input_rules(field: forms.Field) -> None:
    """Control characters refused and a length bound on free text, the date window on dates,
    64-bit bounds on integers and ids."""
    if isinstance(field, forms.ModelChoiceField):
        field.clean = _bounded_choice_clean(field)
    elif isinstance(field, forms.CharField):
        field.validators.append(validate_no_control_characters)
        if field.max_length is None:
            field.max_length = DEFAULT_TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(DEFAULT_TEXT_MAX_LENGTH))
            field.widget.attrs.setdefault("maxlength", str(DEFAULT_TEXT_MAX_LENGTH))
    elif isinstance(field, forms.DateField):
        field.validators.append(validate_date_in_window)
        first, last = date_window()
        field.widget.attrs.setdefault("min", first.isoformat())
        field.widget.attrs.setdefault("max", last.isoformat())
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(INT64_MAX))
        if field.min_value is None:
            field.validators.append(MinValueValidator(INT64_MIN))


class InputRulesFormMixin:
    """Applies ``apply_input_rules`` to every field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            apply_input_rules(field)


class VersionedFormMixin(forms.Form):
    """Carries the version the user started from, for optimistic locking. Editing a saved
    record needs it: a form posted without it, or with a value that is not a version, is refused
    with a message above the form (the field is hidden) and nothing is saved."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    version_error = _(
        "This form is missing the version of the record it edits. Reload the page and enter your "
        "change again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = instance.version

    def full_clean(self):
        super().full_clean()
        if self._errors is not None and "version" in self._errors:
            del self._errors["version"]
            self.add_error(None, ValidationError(self.version_error, code="version"))


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal onto the form it answered: each field's messages next to that field
    where the form has it, everything else at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
