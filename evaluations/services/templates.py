"""Writes of indicator templates: the tree editor's add, edit, delete, reorder and move, completing
a template, and versions. Every write goes through here (the editor page, the Excel import, the
seed); a template a cycle has used is frozen, and editing it makes the next version."""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.history import attribute_change
from evaluations.models import Indicator, IndicatorTemplate, ScoringMethod, TemplateKind, TemplateStatus
from evaluations.models.indicators import MAX_LEVEL

# 财预〔2020〕10号: in an external evaluation, output and effect together weigh at least this much.
OUTPUT_EFFECT_MINIMUM = Decimal("60")
OUTPUT_NAMES, EFFECT_NAMES = ("产出",), ("效益",)

# The fields of a row that the editor, the import and a new version copy.
ROW_FIELDS = (
    "name",
    "points",
    "method",
    "key_points",
    "explanation",
    "criteria",
    "target",
    "unit",
    "target_text",
    "lower_is_better",
    "deduction",
    "source",
)
SCORING_FIELDS = (
    "points",
    "method",
    "target",
    "unit",
    "target_text",
    "lower_is_better",
    "deduction",
    "source",
)


@dataclass(frozen=True)
class IndicatorSpec:
    """One node of a tree to create: children make it a heading, else it carries points."""

    name: str
    points: Decimal | None = None
    method: str = ""
    key_points: str = ""
    explanation: str = ""
    criteria: str = ""
    target: Decimal | None = None
    unit: str = ""
    target_text: str = ""
    lower_is_better: bool = False
    deduction: Decimal | None = None
    source: str = ""
    children: tuple["IndicatorSpec", ...] = field(default=())


# ---------------------------------------------------------------- checks of the whole table


def _sum(values) -> Decimal:
    return sum((Decimal(v) for v in values if v is not None), Decimal("0"))


@dataclass(frozen=True)
class TemplateTotals:
    total: Decimal
    declared: Decimal
    by_first_level: list[tuple[Indicator, Decimal]]
    output_effect: Decimal | None  # external templates only
    problems: list[str]
    subtotals: dict[int, Decimal] = field(default_factory=dict)  # heading id → points under it

    @property
    def balanced(self) -> bool:
        return self.total == self.declared


def template_totals(*, template: IndicatorTemplate, nodes: list[Indicator] | None = None) -> TemplateTotals:
    """The running total of points, per first-level group, and what stops the template from being
    complete — in plain words, for the editor and for ``template_complete``."""
    nodes = list(template.indicators.order_by("order")) if nodes is None else nodes
    leaves = [n for n in nodes if n.is_leaf]
    total = _sum(n.points for n in leaves)
    first_levels = [n for n in nodes if n.level == 1]
    by_first = [(fl, _sum(n.points for n in leaves if n.first_level_id == fl.pk)) for fl in first_levels]
    problems = []
    if not leaves:
        problems.append(_("Add at least one indicator."))
    if total != template.declared_total:
        problems.append(
            _(
                "The points of the scored indicators add up to %(total)s; they must add up to the "
                "declared total %(declared)s."
            )
            % {"total": total, "declared": template.declared_total}
        )
    output_effect = None
    if template.kind == TemplateKind.EXTERNAL:
        output = _sum(s for fl, s in by_first if fl.name.startswith(OUTPUT_NAMES))
        effect = _sum(s for fl, s in by_first if fl.name.startswith(EFFECT_NAMES))
        output_effect = output + effect
        if output_effect < OUTPUT_EFFECT_MINIMUM:
            problems.append(
                _(
                    "In a third-party evaluation the first-level indicators 产出 (output) and 效益 (effect) "
                    "must weigh at least 60 points together (财预〔2020〕10号); now 产出 %(output)s + "
                    "效益 %(effect)s = %(sum)s."
                )
                % {"output": output, "effect": effect, "sum": output_effect}
            )
    for leaf in leaves:
        try:
            leaf.clean()
        except ValidationError as error:
            problems.extend(f"{leaf.name}: {message}" for message in error.messages)
    subtotals: dict[int, Decimal] = defaultdict(Decimal)
    by_pk = {n.pk: n for n in nodes}
    for leaf in leaves:
        parent_id = leaf.parent_id
        while parent_id is not None:
            subtotals[parent_id] += leaf.points or 0
            parent_id = by_pk[parent_id].parent_id
    return TemplateTotals(total, template.declared_total, by_first, output_effect, problems, dict(subtotals))


def template_check_points(*, leaf_points: list[Decimal]) -> None:
    """Kept for callers that check a list of points against full marks (100)."""
    total = _sum(leaf_points)
    if total != Decimal("100"):
        raise ValidationError(
            _("The points of the scored indicators add up to %(total)s; they must add up to 100.")
            % {"total": total}
        )


# ---------------------------------------------------------------- the tree


def _require_editable(template: IndicatorTemplate) -> None:
    if template.cycles.exists():
        raise ValidationError(
            _("This version is used by a cycle and is frozen; make a new version to change it.")
        )


def _tree(template: IndicatorTemplate) -> tuple[dict[int, Indicator], dict[int | None, list[Indicator]]]:
    nodes = {n.pk: n for n in template.indicators.select_for_update().order_by("order", "pk")}
    children: dict[int | None, list[Indicator]] = defaultdict(list)
    for node in nodes.values():
        children[node.parent_id].append(node)
    return nodes, children


def _write(template: IndicatorTemplate, children: dict[int | None, list[Indicator]]) -> None:
    """Renumber the whole tree in reading order and fix level, first-level ancestor and leafness;
    a heading that lost its last child becomes a 0-point row. Saves only what changed."""
    changed = []
    counter = iter(range(1, 32_000))

    def walk(parent: Indicator | None, level: int, first_level: Indicator | None):
        for node in children.get(parent.pk if parent else None, []):
            if level > MAX_LEVEL:
                raise ValidationError(_("The tree would be deeper than %(max)s levels.") % {"max": MAX_LEVEL})
            kids = children.get(node.pk, [])
            new = {
                "parent_id": parent.pk if parent else None,
                "order": next(counter),
                "level": level,
                "first_level_id": (first_level or node).pk,
                "is_leaf": not kids,
            }
            if kids:
                new |= {"points": None, "method": ""}
            elif not node.is_leaf:
                new |= {"points": Decimal("0"), "method": ScoringMethod.MANUAL}
            if any(getattr(node, key) != value for key, value in new.items()):
                for key, value in new.items():
                    setattr(node, key, value)
                changed.append(node)
            walk(node, level + 1, first_level or node)

    walk(None, 1, None)
    Indicator.objects.bulk_update(
        changed, ["parent", "order", "level", "first_level", "is_leaf", "points", "method"]
    )


def _after_edit(template: IndicatorTemplate) -> None:
    """An edit that leaves a complete template incomplete turns it back into a draft."""
    if template.status == TemplateStatus.ACTIVE and template_totals(template=template).problems:
        template.status = TemplateStatus.DRAFT
        template.save(update_fields=["status"])


@transaction.atomic
def indicator_add(
    *, template: IndicatorTemplate, parent: Indicator | None = None, name: str = ""
) -> Indicator:
    """Add a row as the last child of ``parent`` (or at the top). Added under a scored row, the new
    row takes over that row's points and method, so the total does not move."""
    _require_editable(template)
    nodes, children = _tree(template)
    if parent is not None:
        parent = nodes.get(parent.pk)
        if parent is None:
            raise ValidationError(_("The parent belongs to another template."))
        if parent.level >= MAX_LEVEL:
            raise ValidationError(_("The tree cannot be deeper than %(max)s levels.") % {"max": MAX_LEVEL})
    node = Indicator(
        template=template,
        parent=parent,
        level=parent.level + 1 if parent else 1,
        order=0,
        name=name.strip() or _("New indicator"),
        is_leaf=True,
        points=Decimal("0"),
        method=ScoringMethod.MANUAL,
    )
    if parent is not None and parent.is_leaf:
        for key in SCORING_FIELDS:
            setattr(node, key, getattr(parent, key))
    node.full_clean(exclude=["first_level"])
    node.save()
    children[parent.pk if parent else None].append(node)
    _write(template, children)
    _after_edit(template)
    node.refresh_from_db()
    return node


@transaction.atomic
def indicator_update(*, indicator: Indicator, by=None, **values) -> Indicator:
    """Change a row's texts and, for a scored row, its points and scoring. Nothing is saved when
    anything is wrong; the errors name the fields. ``by`` is named on the history row (a page's
    request names its user anyway)."""
    _require_editable(indicator.template)
    unknown = set(values) - set(ROW_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for key, value in values.items():
        if not indicator.is_leaf and key in SCORING_FIELDS:
            continue
        setattr(indicator, key, value)
    indicator.full_clean()
    if by is not None:
        attribute_change(indicator, by=by)
    indicator.save()
    _after_edit(indicator.template)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    """Delete a row and everything under it."""
    template = indicator.template
    _require_editable(template)
    indicator.delete()
    _nodes, children = _tree(template)
    _write(template, children)
    _after_edit(template)


@transaction.atomic
def indicator_shift(*, indicator: Indicator, step: int) -> None:
    """Move a row up (−1) or down (+1) among its siblings."""
    template = indicator.template
    _require_editable(template)
    _nodes, children = _tree(template)
    siblings = children[indicator.parent_id]
    index = next(i for i, n in enumerate(siblings) if n.pk == indicator.pk)
    target = min(max(index + step, 0), len(siblings) - 1)
    siblings.insert(target, siblings.pop(index))
    _write(template, children)


def _descendant_ids(children, node_id: int) -> set[int]:
    found, stack = set(), [node_id]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child.pk)
            stack.append(child.pk)
    return found


@transaction.atomic
def indicator_move(*, indicator: Indicator, parent: Indicator | None, position: int | None = None) -> None:
    """Move a row (with everything under it) under another parent, or to the top with None.
    Refused under itself or its own descendant, and under a row that carries points."""
    template = indicator.template
    _require_editable(template)
    nodes, children = _tree(template)
    node = nodes[indicator.pk]
    if parent is not None:
        if parent.pk not in nodes:
            raise ValidationError({"parent": _("The new parent belongs to another template.")})
        if parent.pk == node.pk or parent.pk in _descendant_ids(children, node.pk):
            raise ValidationError(
                {
                    "parent": _(
                        "“%(name)s” cannot be moved under itself or under one of its own sub-indicators."
                    )
                    % {"name": node.name}
                }
            )
        parent = nodes[parent.pk]
        if parent.is_leaf and parent.points:
            raise ValidationError(
                {
                    "parent": _(
                        "“%(name)s” carries %(points)s points; set them to 0 or add a sub-indicator to it "
                        "before moving rows under it."
                    )
                    % {"name": parent.name, "points": parent.points}
                }
            )
    children[node.parent_id].remove(node)
    siblings = children[parent.pk if parent else None]
    siblings.insert(len(siblings) if position is None else max(0, position), node)
    node.parent_id = parent.pk if parent else None
    _write(template, children)
    _after_edit(template)


# ---------------------------------------------------------------- whole templates


@transaction.atomic
def template_complete(*, template: IndicatorTemplate) -> IndicatorTemplate:
    """Check the whole table and mark it ready for cycles; every problem is listed, nothing changes."""
    totals = template_totals(template=template)
    if totals.problems:
        raise ValidationError(totals.problems)
    if template.status != TemplateStatus.ACTIVE:
        template.status = TemplateStatus.ACTIVE
        template.save(update_fields=["status"])
    return template


@transaction.atomic
def template_set_details(
    *, template: IndicatorTemplate, name: str, declared_total: Decimal, description: str = ""
) -> IndicatorTemplate:
    _require_editable(template)
    template.name, template.declared_total, template.description = name, declared_total, description
    template.full_clean()
    template.save()
    _after_edit(template)
    return template


@transaction.atomic
def template_create(
    *,
    family: str,
    name: str,
    kind: str,
    indicators: list[IndicatorSpec],
    by=None,
    version: int = 1,
    based_on: IndicatorTemplate | None = None,
    description: str = "",
    declared_total: Decimal = Decimal("100"),
    complete: bool = True,
) -> IndicatorTemplate:
    """Create a template from specs; with ``complete`` it must pass every check or nothing is saved."""
    template = IndicatorTemplate(
        family=family,
        version=version,
        name=name,
        kind=kind,
        created_by=by,
        based_on=based_on,
        description=description,
        declared_total=declared_total,
        status=TemplateStatus.DRAFT,
    )
    template.full_clean()
    template.save()
    counter = iter(range(1, 32_000))
    errors = []

    def create(specs, parent, first_level, level):
        for spec in specs:
            row = {key: getattr(spec, key) for key in ROW_FIELDS}
            if spec.children:
                row |= {key: Indicator._meta.get_field(key).get_default() for key in SCORING_FIELDS}
                row |= {"points": None, "method": ""}
            elif row["points"] is not None:
                row["points"] = Decimal(row["points"])
            node = Indicator(
                template=template,
                parent=parent,
                first_level=first_level,
                level=level,
                order=next(counter),
                is_leaf=not spec.children,
                **row,
            )
            try:
                node.full_clean(exclude=["first_level"])
            except ValidationError as error:
                errors.extend(f"{spec.name}: {message}" for message in error.messages)
                continue
            node.save()
            if first_level is None:
                node.first_level = node
                node.save(update_fields=["first_level"])
            create(spec.children, node, first_level or node, level + 1)

    create(indicators, None, None, 1)
    if errors:
        raise ValidationError(errors)
    if complete:
        template_complete(template=template)
    return template


def template_specs(
    *, template: IndicatorTemplate, changes: dict[int, dict] | None = None
) -> list[IndicatorSpec]:
    """The template's tree as specs, with ``changes`` (indicator id → new field values) applied."""
    changes = changes or {}
    children: dict[int | None, list[Indicator]] = defaultdict(list)
    for node in template.indicators.order_by("order"):
        children[node.parent_id].append(node)
    spec_fields = {f.name for f in fields(IndicatorSpec)} - {"children"}

    def build(parent_id):
        specs = []
        for node in children.get(parent_id, []):
            values = {key: getattr(node, key) for key in spec_fields} | changes.get(node.pk, {})
            specs.append(IndicatorSpec(children=tuple(build(node.pk)), **values))
        return specs

    return build(None)


def _next_version(family: str) -> int:
    return IndicatorTemplate.objects.filter(family=family).aggregate(v=Max("version"))["v"] + 1


@transaction.atomic
def template_new_version(*, template: IndicatorTemplate, by) -> IndicatorTemplate:
    """A draft copy of a (frozen) version, numbered next in its family, for editing."""
    return template_create(
        family=template.family,
        version=_next_version(template.family),
        name=template.name,
        kind=template.kind,
        indicators=template_specs(template=template),
        by=by,
        based_on=template,
        description=template.description,
        declared_total=template.declared_total,
        complete=False,
    )


@transaction.atomic
def template_copy(*, template: IndicatorTemplate, name: str, family: str, by) -> IndicatorTemplate:
    if IndicatorTemplate.objects.filter(family=family).exists():
        raise ValidationError({"family": _("A template with this code exists already.")})
    return template_create(
        family=family,
        name=name,
        kind=template.kind,
        indicators=template_specs(template=template),
        by=by,
        based_on=template,
        description=template.description,
        declared_total=template.declared_total,
        complete=False,
    )


@transaction.atomic
def template_update(*, template: IndicatorTemplate, changes: dict[int, dict], by) -> IndicatorTemplate:
    """Edit several rows at once. A template a cycle has used is frozen: the edit becomes the next
    version (complete, or refused) and the used one stays as it was scored."""
    if template.cycles.exists():
        return template_create(
            family=template.family,
            version=_next_version(template.family),
            name=template.name,
            kind=template.kind,
            indicators=template_specs(template=template, changes=changes),
            by=by,
            based_on=template,
            description=template.description,
            declared_total=template.declared_total,
        )
    was_active = template.status == TemplateStatus.ACTIVE
    for node in template.indicators.all():
        if node.pk in changes:
            indicator_update(indicator=node, by=by, **changes[node.pk])
    if was_active:
        template.refresh_from_db()
        template_complete(template=template)
    return template
