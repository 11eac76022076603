"""The organisation: responsible departments (责任部门) and third-party agencies (第三方机构).

They moved here from ``projects`` and ``evaluations`` so that ``accounts`` (liaisons belong to a
department, evaluators to an agency) points at nothing above it. The tables kept their old names
(``projects_department``, ``evaluations_agency`` and their history tables): the move changed no row."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.origin import DataOrigin
from core.validation import CheckedModelMixin


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)


class Department(CheckedModelMixin, models.Model):
    """A responsible department (责任部门) that leads projects and has liaisons."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=DataOrigin.choices, default=DataOrigin.OFFICE
    )
    # A retired department keeps its history and its projects but leads no new ones.
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(table_name="projects_historicaldepartment")
    objects = DepartmentQuerySet.as_manager()

    class Meta:
        db_table = "projects_department"
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


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

    history = HistoricalRecords(table_name="evaluations_historicalagency")
    objects = AgencyQuerySet.as_manager()

    class Meta:
        db_table = "evaluations_agency"
        ordering = ["name"]
        verbose_name = _("third-party agency")
        verbose_name_plural = _("third-party agencies")

    def __str__(self):
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
