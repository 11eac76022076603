from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validation import LONG_TEXT, SHORT_TEXT, CheckedModelMixin

from .status import SCORE_DECIMAL_PLACES, SCORE_MAX_DIGITS


class TemplateKind(models.TextChoices):
    EXTERNAL = "external", _("External (third-party) evaluation")
    SELF = "self", _("Unit self-evaluation")


class ScoringMethod(models.TextChoices):
    MANUAL = "manual", _("Manual (0 … points)")
    PROPORTIONAL = "proportional", _("Proportional (actual ÷ target × points)")
    BANDED = "banded", _("Banded (100–80 %, 80–60 %, 60–0 % of the points)")
    DEDUCTION = "deduction", _("Deduction (points − n × deduction, not below 0)")


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (being edited)")
    ACTIVE = "active", _("Complete (ready for cycles)")


# Deep enough for every published table seen (three levels) and a level more where offices split further.
MAX_LEVEL = 5
# Targets and actual values: counts, percentages, 万元, days — four decimals cover them all.
VALUE_MAX_DIGITS = 18
VALUE_DECIMAL_PLACES = 4


class IndicatorTemplateQuerySet(models.QuerySet):
    def with_use(self):
        return self.annotate(cycle_count=models.Count("cycles"))


class IndicatorTemplate(CheckedModelMixin, models.Model):
    """One version of an indicator tree. Versions of the same template share ``family``;
    a version that a cycle has used is frozen and editing it makes the next version."""

    family = models.SlugField(_("template code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=TemplateKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)
    # The total the table declares (usually 100); completing the template checks the points add up to it.
    declared_total = models.DecimalField(
        _("declared total"),
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        default=Decimal("100"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = IndicatorTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["family", "-version"]
        verbose_name = _("indicator template")
        verbose_name_plural = _("indicator templates")
        constraints = [
            # Versions of a template are numbered once; an assessment names exactly one of them.
            models.UniqueConstraint(
                fields=["family", "version"], name="indicator_template_family_version_unique"
            ),
            # A declared total is what assessments are graded against: positive, at most full marks.
            models.CheckConstraint(
                condition=Q(declared_total__gt=0, declared_total__lte=100),
                name="indicator_template_declared_total_range",
                violation_error_message=_("The declared total must be more than 0 and at most 100."),
            ),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        """Used by a cycle: its points are what some assessment was scored on."""
        if hasattr(self, "cycle_count"):
            return self.cycle_count > 0
        return self.cycles.exists()

    @property
    def is_active(self) -> bool:
        return self.status == TemplateStatus.ACTIVE


class Indicator(CheckedModelMixin, models.Model):
    """A node of the tree: first-, second- or third-level. Leaves (no children) carry points."""

    template = models.ForeignKey(
        IndicatorTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    # The first-level ancestor (itself for a first-level node): the breakdown of results groups by it.
    first_level = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="descendants"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    is_leaf = models.BooleanField(_("scored indicator"), default=True)
    points = models.DecimalField(
        _("points"), max_digits=SCORE_MAX_DIGITS, decimal_places=SCORE_DECIMAL_PLACES, null=True, blank=True
    )
    method = models.CharField(_("scoring method"), max_length=15, choices=ScoringMethod.choices, blank=True)
    key_points = models.TextField(_("what to check (评价要点)"), blank=True, max_length=SHORT_TEXT)
    explanation = models.TextField(_("indicator explanation (指标解释)"), blank=True, max_length=SHORT_TEXT)
    criteria = models.TextField(_("scoring criteria (评分标准)"), blank=True, max_length=SHORT_TEXT)
    # 年度指标值: a number with its unit for proportional scoring, or a text such as "≥95%" / "有效提升".
    target = models.DecimalField(
        _("annual target value"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    target_text = models.CharField(_("annual target (as written)"), max_length=100, blank=True)
    # Proportional: a cost or a duration, where less than the target is better.
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    # Deduction: the points taken off per shortcoming ("缺一项扣 0.5 分，扣完为止").
    deduction = models.DecimalField(
        _("deduction per item"),
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    # A key of evaluations.computed: the actual value comes from the product's own data.
    source = models.CharField(_("computed from"), max_length=40, blank=True)

    # first_level is derived from the tree (set right after the first save), not a change anyone makes.
    history = HistoricalRecords(excluded_fields=["first_level"])

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            # Three levels in the Ministry of Finance framework; a little deeper where an office needs it.
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=MAX_LEVEL),
                name="indicator_level_in_range",
                violation_error_message=_("This indicator is nested too deep."),
            ),
            # A scored indicator has points (0 for an informational row) and a method; a heading has neither.
            models.CheckConstraint(
                condition=(Q(is_leaf=True, points__gte=0) & ~Q(method=""))
                | Q(is_leaf=False, points__isnull=True, method=""),
                name="indicator_leaf_has_points_and_method",
                violation_error_message=_("A lowest-level indicator needs its points and scoring method."),
            ),
            # A deduction per item is positive, or deduction scoring would never deduct.
            models.CheckConstraint(
                condition=Q(deduction__isnull=True) | Q(deduction__gt=0),
                name="indicator_deduction_positive",
                violation_error_message=_("The points taken off per item must be more than 0."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """The rules of one row; the rules of the whole table are in ``template_problems``."""
        errors = {}
        if self.is_leaf:
            if self.points is None:
                errors["points"] = _("Enter the points (0 for an informational row).")
            elif self.points < 0:
                errors["points"] = _("Points cannot be negative.")
            if not self.method:
                errors["method"] = _("Choose a scoring method.")
            if self.method == ScoringMethod.PROPORTIONAL:
                if self.target == 0:
                    errors["target"] = _(
                        "A target of 0 cannot be scored in proportion (it would divide by zero); "
                        "use deduction or banded scoring, or a non-zero target."
                    )
                elif self.target is None and not self.source:
                    errors["target"] = _("Proportional scoring needs the annual target value.")
            if self.method == ScoringMethod.DEDUCTION and not self.deduction:
                errors["deduction"] = _("Deduction scoring needs the points taken off per item.")
        if self.deduction is not None and self.deduction <= 0:
            errors["deduction"] = _("The deduction per item must be more than 0.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_proportional(self) -> bool:
        return self.method == ScoringMethod.PROPORTIONAL

    @property
    def is_deduction(self) -> bool:
        return self.method == ScoringMethod.DEDUCTION

    @property
    def is_banded(self) -> bool:
        return self.method == ScoringMethod.BANDED

    @property
    def is_calculated(self) -> bool:
        """Scored by a formula from the actual value or the shortcomings; the score field overrides it."""
        return self.method in (ScoringMethod.PROPORTIONAL, ScoringMethod.DEDUCTION)
