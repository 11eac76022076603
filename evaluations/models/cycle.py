from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validation import CheckedModelMixin, validate_year_in_window


class CycleKind(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    MID_TERM = "mid_term", _("Mid-term")
    COMPLETION = "completion", _("Completion")


class AssessmentCycle(CheckedModelMixin, models.Model):
    """A round of assessment (e.g. "2014年度"), scored against one template version."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CycleKind.choices, default=CycleKind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_year_in_window])
    template = models.ForeignKey(
        "evaluations.IndicatorTemplate",
        verbose_name=_("indicator template"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Closed once every assessment is accepted; closing files the cycle report (reports app).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None
