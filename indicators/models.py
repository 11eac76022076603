"""City indicators (城市指标): what the smart-city projects exist to move, their dated observations,
and the links from indicators to the projects expected to move them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.origin import DataOrigin
from organisation.models import Department
from projects.models import Project

# Indicator values: GDP in 亿元 and server counts need whole digits, shares and rates need decimals.
VALUE_MAX_DIGITS = 20
VALUE_DECIMAL_PLACES = 4


class Dimension(models.TextChoices):
    """The first-level dimensions of the national smart-city evaluation indicators (GB/T 33356-2016)."""

    PUBLIC_SERVICE = "public_service", _("Public services for residents (惠民服务)")
    GOVERNANCE = "governance", _("Precise governance (精准治理)")
    LIVEABILITY = "liveability", _("Ecological liveability (生态宜居)")
    INFRASTRUCTURE = "infrastructure", _("Smart infrastructure (智能设施)")
    INFORMATION = "information", _("Information resources (信息资源)")
    SECURITY = "security", _("Cyber security (网络安全)")
    INNOVATION = "innovation", _("Reform and innovation (改革创新)")
    CITIZEN_EXPERIENCE = "citizen_experience", _("Citizen experience (市民体验)")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


FREQUENCY_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


class Bound(models.TextChoices):
    """How exact a stated figure is: the article says "over 30 %", which is a lower bound."""

    EXACT = "exact", _("Exact value")
    AT_LEAST = "at_least", _("Lower bound (more than)")
    AT_MOST = "at_most", _("Upper bound (less than)")


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City indicators are portfolio records: everyone who reads the portfolio sees them;
        evaluators none (an indicator is then a 404, so nothing leaks)."""
        if user.is_authenticated and user.can_read_portfolio:
            return self
        return self.none()

    def public(self):
        return self.filter(is_public=True)

    def reported_by(self, user):
        """Indicators whose observations the user may enter: the office all, a liaison their department's."""
        if user.is_office:
            return self
        if user.is_liaison:
            return self.filter(reporting_department_id=user.department_id)
        return self.none()


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. Gbit/s, %, racks, 亿元"))
    dimension = models.CharField(_("dimension"), max_length=30, choices=Dimension.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(
        _("baseline"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the first observation as the baseline."),
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=VALUE_MAX_DIGITS, decimal_places=VALUE_DECIMAL_PLACES, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    reporting_department = models.ForeignKey(
        Department,
        verbose_name=_("reporting department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    frequency = models.CharField(
        _("update frequency"), max_length=10, choices=Frequency.choices, default=Frequency.YEARLY
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("shown on the public pages"),
        default=False,
        help_text=_("Nothing is public until the office ticks this."),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=DataOrigin.choices, default=DataOrigin.OFFICE
    )
    projects = models.ManyToManyField(
        Project, through="IndicatorLink", related_name="indicators", verbose_name=_("projects"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["dimension", "code"]
        verbose_name = _("city indicator")
        verbose_name_plural = _("city indicators")
        constraints = [
            # A baseline is a value at a date: one without the other cannot start a path.
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="indicator_baseline_value_and_date",
                violation_error_message=_("Enter the baseline value and its date together."),
            ),
            # Likewise a target needs its year, and a year alone is no target.
            models.CheckConstraint(
                condition=Q(target_value__isnull=True, target_year__isnull=True)
                | Q(target_value__isnull=False, target_year__isnull=False),
                name="indicator_target_value_and_year",
                violation_error_message=_("Enter the target value and its year together."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if (self.baseline_value is None) != (self.baseline_date is None):
            field = "baseline_date" if self.baseline_date is None else "baseline_value"
            errors[field] = _("Give the baseline value and its date together, or neither.")
        if (self.target_value is None) != (self.target_year is None):
            field = "target_year" if self.target_year is None else "target_value"
            errors[field] = _("Give the target value and its year together, or neither.")
        if self.baseline_date and self.target_year and self.target_year < self.baseline_date.year:
            errors["target_year"] = _("The target year must not be before the baseline.")
        if errors:
            raise ValidationError(errors)


class Observation(models.Model):
    """One dated value of an indicator, with where it comes from and who entered it."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="observations"
    )
    observed_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=VALUE_MAX_DIGITS, decimal_places=VALUE_DECIMAL_PLACES)
    bound = models.CharField(_("exactness"), max_length=10, choices=Bound.choices, default=Bound.EXACT)
    source = models.CharField(_("source"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=DataOrigin.choices, default=DataOrigin.OFFICE
    )

    class Meta:
        ordering = ["indicator", "observed_on"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            # Two values for the same date would make the trend and the status ambiguous;
            # a correction replaces the value instead.
            models.UniqueConstraint(fields=["indicator", "observed_on"], name="observation_one_per_date"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.observed_on}: {self.value}"

    def clean(self):
        errors = {}
        if self.observed_on and self.observed_on > timezone.localdate():
            errors["observed_on"] = _("The date lies in the future; enter values that have been measured.")
        if (
            self.indicator_id
            and self.observed_on
            and Observation.objects.filter(indicator_id=self.indicator_id, observed_on=self.observed_on)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["observed_on"] = _("This indicator already has a value for %(date)s.") % {
                "date": self.observed_on.isoformat()
            }
        if errors:
            raise ValidationError(errors)


class IndicatorLink(models.Model):
    """A project expected to move an indicator (smart transport → transport indicators …)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="links")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicator_links")
    note = models.CharField(_("how the project moves it"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project__code"]
        verbose_name = _("indicator link")
        verbose_name_plural = _("indicator links")
        constraints = [
            # A project is linked to an indicator once; a second row would list it twice.
            models.UniqueConstraint(fields=["indicator", "project"], name="indicator_link_once"),
        ]

    def __str__(self):
        return f"{self.indicator} ← {self.project.code}"
