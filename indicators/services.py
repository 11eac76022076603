"""Writes of the indicators app. Forms, the Excel import, the seed and the admin all come here,
so every rule (no future date, one value per date, who may enter what) holds everywhere."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import Project

from .models import Bound, Indicator, IndicatorLink, Observation

INDICATOR_FIELDS = (
    "code",
    "name",
    "name_en",
    "unit",
    "dimension",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_year",
    "data_source",
    "reporting_department",
    "frequency",
    "description",
    "is_public",
    "origin",
)


def may_enter_observations(user, indicator: Indicator) -> bool:
    """Office staff for every indicator; a liaison for their own department's indicators."""
    return user.is_office or (
        user.is_liaison
        and indicator.reporting_department_id is not None
        and indicator.reporting_department_id == user.department_id
    )


@transaction.atomic
def indicator_save(*, indicator: Indicator | None = None, by, projects=None, **fields) -> Indicator:
    """Create or change an indicator; ``projects`` (when given) replaces its linked projects."""
    if not by.is_office:
        raise PermissionDenied
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown indicator fields: {sorted(unknown)}")
    indicator = indicator or Indicator()
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    if projects is not None:
        links_set(indicator=indicator, projects=projects)
    return indicator


@transaction.atomic
def links_set(*, indicator: Indicator, projects) -> None:
    """Exactly these projects are linked to the indicator afterwards (notes of kept links stay)."""
    wanted = {project.pk for project in projects}
    indicator.links.exclude(project_id__in=wanted).delete()
    have = set(indicator.links.values_list("project_id", flat=True))
    IndicatorLink.objects.bulk_create(
        [IndicatorLink(indicator=indicator, project_id=pk) for pk in sorted(wanted - have)]
    )


def link_add(*, indicator: Indicator, project: Project, note: str = "") -> IndicatorLink:
    link, _created = IndicatorLink.objects.get_or_create(
        indicator=indicator, project=project, defaults={"note": note}
    )
    return link


def _observation(*, indicator, by, observed_on, value, source, bound=Bound.EXACT, note="", origin=None):
    observation = Observation(
        indicator=indicator,
        observed_on=observed_on,
        value=value,
        bound=bound,
        source=source,
        note=note,
        entered_by=by,
    )
    if origin:
        observation.origin = origin
    return observation


@transaction.atomic
def observation_add(
    *,
    indicator: Indicator,
    by,
    observed_on: datetime.date,
    value: Decimal,
    source: str,
    bound: str = Bound.EXACT,
    note: str = "",
    origin: str | None = None,
) -> Observation:
    """Record one dated value. ``by`` None is the seed (no person entered it)."""
    if by is not None and not may_enter_observations(by, indicator):
        raise PermissionDenied
    observation = _observation(
        indicator=indicator,
        by=by,
        observed_on=observed_on,
        value=value,
        source=source,
        bound=bound,
        note=note,
        origin=origin,
    )
    observation.full_clean()
    observation.save()
    return observation


@dataclass
class ImportRow:
    """One row of an observations workbook, already converted; ``errors`` lists every problem of the row."""

    number: int
    code: str
    observed_on: datetime.date | None
    value: Decimal | None
    bound: str
    source: str
    note: str
    errors: list[str]
    indicator: Indicator | None = None


def observations_check(*, rows: list[ImportRow], by) -> list[ImportRow]:
    """Fill each row's indicator and add every error the rules find (also duplicates inside the file)."""
    codes = {row.code for row in rows}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=codes)}
    seen = {}
    for row in rows:
        row.indicator = indicators.get(row.code)
        if row.indicator is None:
            if row.code:
                row.errors.append(_unknown_code(row.code))
            continue
        if not may_enter_observations(by, row.indicator):
            row.errors.append(_not_yours(row.code))
            continue
        if row.observed_on is None or row.value is None:
            continue
        key = (row.code, row.observed_on)
        if key in seen:
            row.errors.append(_duplicate_in_file(seen[key], row.observed_on))
        else:
            seen[key] = row.number
        candidate = _observation(
            indicator=row.indicator,
            by=by,
            observed_on=row.observed_on,
            value=row.value,
            source=row.source,
            bound=row.bound,
            note=row.note,
        )
        try:
            candidate.full_clean()
        except ValidationError as error:
            for messages in error.message_dict.values():
                row.errors.extend(messages)
    return rows


@transaction.atomic
def observations_import(*, rows: list[ImportRow], by) -> list[Observation]:
    """All rows or none: any error anywhere and nothing is written."""
    checked = observations_check(rows=rows, by=by)
    if not checked or any(row.errors for row in checked):
        raise ValidationError("The file has errors; nothing was saved.")
    return [
        observation_add(
            indicator=row.indicator,
            by=by,
            observed_on=row.observed_on,
            value=row.value,
            source=row.source,
            bound=row.bound,
            note=row.note,
        )
        for row in checked
    ]


def _unknown_code(code: str) -> str:
    return _("No indicator has the code “%(code)s”.") % {"code": code}


def _not_yours(code: str) -> str:
    return _("You may not enter values of indicator “%(code)s”: it is reported by another department.") % {
        "code": code
    }


def _duplicate_in_file(first_row: int, on: datetime.date) -> str:
    return _("Row %(row)d of this file already gives a value for %(date)s.") % {
        "row": first_row,
        "date": on.isoformat(),
    }
