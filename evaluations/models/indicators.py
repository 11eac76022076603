from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .status import SCORE_DECIMAL_PLACES, SCORE_MAX_DIGITS


class TemplateKind(models.TextChoices):
    EXTERNAL = "external", _("External (third-party) evaluation")
    SELF = "self", _("Unit self-evaluation")


class ScoringMethod(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative (in proportion to completion)")
    QUALITATIVE = "qualitative", _("Qualitative (bands 100–80 %, 80–60 %, 60–0 %)")
    SURVEY = "survey", _("Survey")


class IndicatorTemplateQuerySet(models.QuerySet):
    def with_use(self):
        return self.annotate(cycle_count=models.Count("cycles"))


class IndicatorTemplate(models.Model):
    """One version of an indicator tree. Versions of the same template share ``family``;
    a version that a cycle has used is frozen and editing it makes the next version."""

    family = models.SlugField(_("template code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=TemplateKind.choices)
    description = models.TextField(_("description"), blank=True)
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
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        """Used by a cycle: its points are what some assessment was scored on."""
        if hasattr(self, "cycle_count"):
            return self.cycle_count > 0
        return self.cycles.exists()


class Indicator(models.Model):
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
    key_points = models.TextField(_("what to check (评价要点)"), blank=True)

    # first_level is derived from the tree (set right after the first save), not a change anyone makes.
    history = HistoricalRecords(excluded_fields=["first_level"])

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            # A tree of three levels, as in the Ministry of Finance framework.
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="indicator_level_1_to_3"),
            # A scored indicator has points and a method; a heading has neither.
            models.CheckConstraint(
                condition=(Q(is_leaf=True, points__gt=0) & ~Q(method=""))
                | Q(is_leaf=False, points__isnull=True, method=""),
                name="indicator_leaf_has_points_and_method",
            ),
        ]

    def __str__(self):
        return self.name
