"""Change history helpers shared by every app (django-simple-history underneath).

A service says who made a change and why before it saves::

    attribute_change(line, by=user, reason="…")
    line.save()

A write made with a conditional UPDATE (which sends no ``post_save``) records its row with
``history_snapshot`` after it has read the row back."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
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


# ---------------------------------------------------------------- the registry of what is traced
#
# Each app registers the models whose history the product shows (in its AppConfig.ready), so
# this floor knows none of them. A source names its kind (the filter on the timeline and the
# audit log), how to find the project a row belongs to, how to name the object, and how its
# figures are shown (money in 万元, scores in points), so a change reads as the page shows it.


@dataclass(frozen=True)
class HistorySource:
    model: type[models.Model]
    kind: str
    kind_label: Any
    # Lookup on the historical row that equals the project's pk ("id" for the project itself,
    # "line__project" for spending); None: not bound to one project (audit log only).
    project_lookup: str | None = None
    # Relations to load with each row (for ``label`` and ``project``), on the historical model.
    related: tuple[str, ...] = ()
    label: Callable[[Any], str] = str
    project: Callable[[Any], tuple[int, str]] | None = None
    formats: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    # Fields that are bookkeeping, not a change anyone makes.
    skipped: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def history_model(self):
        return get_history_model_for_model(self.model)

    @property
    def type_label(self) -> str:
        return str(self.model._meta.verbose_name)


_SOURCES: dict[str, HistorySource] = {}
_KIND_LABELS: dict[str, Any] = {}


def register_history(source: HistorySource) -> None:
    _SOURCES[source.key] = source
    _KIND_LABELS.setdefault(source.kind, source.kind_label)


def history_sources(*, kind: str | None = None, key: str | None = None) -> list[HistorySource]:
    return [
        source
        for source in _SOURCES.values()
        if (kind is None or source.kind == kind) and (key is None or source.key == key)
    ]


def history_kinds() -> list[tuple[str, str]]:
    return [(kind, str(label)) for kind, label in _KIND_LABELS.items()]


def history_types() -> list[tuple[str, str]]:
    return [(source.key, source.type_label) for source in _SOURCES.values()]


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime.datetime
    who: str
    who_id: int | None
    kind: str
    kind_label: str
    type_label: str
    label: str
    action: str  # "created", "changed" or "deleted"
    reason: str = ""
    project: tuple[int, str] | None = None  # (pk, code) of the project the record belongs to
    changes: list[FieldChange] = field(default_factory=list)
    # Extra text for entries that are not history rows (a stage move's "from → to").
    note: str = ""


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Never shown as a change: keys and stamps the history row carries anyway.
_ALWAYS_SKIPPED = {"id"}


def person_name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username


def _display(source: HistorySource, model_field, value, related_names: dict) -> str:
    if value in (None, ""):
        return "—"
    if model_field.name in source.formats:
        return source.formats[model_field.name](value)
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if model_field.is_relation:
        return related_names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(model_field, models.DateField):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _fields(source: HistorySource) -> list:
    skipped = _ALWAYS_SKIPPED | set(source.skipped)
    # A field without a label of its own (decided_by, met_at, …) is bookkeeping that the row's
    # person and time already tell.
    return [
        f
        for f in source.history_model.tracked_fields
        if f.name not in skipped and isinstance(f.verbose_name, Promise)  # a translated label
    ]


def _changed_fields(source: HistorySource, record, previous) -> list:
    fields = _fields(source)
    if previous is None:  # created: the values it was created with
        return [f for f in fields if getattr(record, f.attname) not in (None, "")]
    return [f for f in fields if getattr(record, f.attname) != getattr(previous, f.attname)]


def _related_names(pairs: set) -> dict:
    """(model, pk) → str(object), one query per related model."""
    wanted: dict = defaultdict(set)
    for model, pk in pairs:
        wanted[model].add(pk)
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = person_name(obj) if hasattr(obj, "get_full_name") else str(obj)
    return names


def _entries_for(source: HistorySource, records: list, previous_of: dict) -> list[HistoryEntry]:
    """HistoryEntry for each historical row of one source; ``previous_of`` maps history_id to the
    row before it of the same object (or None)."""
    plan = []
    pairs = set()
    for record in records:
        previous = previous_of.get(record.history_id)
        changed = _changed_fields(source, record, previous) if record.history_type != "-" else []
        for model_field in changed:
            if model_field.is_relation:
                for row in (record, previous):
                    value = getattr(row, model_field.attname) if row is not None else None
                    if value is not None:
                        pairs.add((model_field.related_model, value))
        plan.append((record, previous, changed))
    names = _related_names(pairs)
    entries = []
    for record, previous, changed in plan:
        action = _ACTIONS[record.history_type]
        if action == "changed" and not changed and not record.history_change_reason:
            continue  # a save that changed nothing shown
        changes = [
            FieldChange(
                field=str(model_field.verbose_name),
                old=_display(source, model_field, getattr(previous, model_field.attname), names)
                if previous is not None
                else "",
                new=_display(source, model_field, getattr(record, model_field.attname), names),
            )
            for model_field in changed
        ]
        entries.append(
            HistoryEntry(
                at=record.history_date,
                who=person_name(record.history_user),
                who_id=record.history_user_id,
                kind=source.kind,
                kind_label=str(source.kind_label),
                type_label=source.type_label,
                label=source.label(record),
                action=action,
                reason=record.history_change_reason or "",
                project=source.project(record) if source.project else None,
                changes=changes,
            )
        )
    return entries


def _with_related(source: HistorySource, queryset):
    return queryset.select_related("history_user", *source.related)


def project_history(*, project_pk: int, kind: str | None = None) -> list[HistoryEntry]:
    """Every traced change of one project's records (all sources with a project lookup), oldest
    first. One query per source: the rows of a project's objects hold their own previous rows."""
    entries = []
    for source in history_sources(kind=kind):
        if source.project_lookup is None:
            continue
        records = list(
            _with_related(
                source, source.history_model.objects.filter(**{source.project_lookup: project_pk})
            ).order_by("history_date", "history_id")
        )
        previous_of, last = {}, {}
        for record in records:
            previous_of[record.history_id] = last.get(record.id)
            last[record.id] = record
        entries.extend(_entries_for(source, records, previous_of))
    entries.sort(key=lambda entry: entry.at)
    return entries


def audit_log(
    *,
    user_id: int | None = None,
    key: str | None = None,
    object_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[HistoryEntry], bool]:
    """Traced changes across the office, newest first, filtered by person, object type and
    dates (inclusive), or the changes of one object (``key`` and ``object_id``). Returns
    (entries, more). Queries: two per source, whatever the size."""
    merged = []
    wanted = offset + limit + 1
    for source in history_sources(key=key):
        queryset = source.history_model.objects.all()
        if object_id is not None:
            queryset = queryset.filter(id=object_id)
        if user_id:
            queryset = queryset.filter(history_user_id=user_id)
        if date_from:
            queryset = queryset.filter(history_date__date__gte=date_from)
        if date_to:
            queryset = queryset.filter(history_date__date__lte=date_to)
        rows = list(_with_related(source, queryset).order_by("-history_date", "-history_id")[:wanted])
        merged.extend((row.history_date, row.history_id, source, row) for row in rows)
    merged.sort(key=lambda item: (item[0], item[1]), reverse=True)
    more = len(merged) > offset + limit
    page = merged[offset : offset + limit]
    by_source: dict = defaultdict(list)
    for _at, _hid, source, row in page:
        by_source[source.key].append(row)
    entries = []
    for source_key, rows in by_source.items():
        source = _SOURCES[source_key]
        object_ids = {row.id for row in rows}
        earlier = source.history_model.objects.filter(id__in=object_ids)
        earlier = earlier.order_by("history_date", "history_id")
        previous_of, last = {}, {}
        for record in earlier:
            previous_of[record.history_id] = last.get(record.id)
            last[record.id] = record
        entries.extend(_entries_for(source, rows, previous_of))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries, more
