from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validation import CheckedModelMixin


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)


class Agency(CheckedModelMixin, models.Model):
    """A professional third-party agency (第三方机构) that assesses projects."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    contact = models.CharField(_("contact"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # A retired agency keeps its assessments and history but gets no new assignments.
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("third-party agency")
        verbose_name_plural = _("third-party agencies")

    def __str__(self):
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
