from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("Office administrator")
    OFFICE_STAFF = "office_staff", _("Office staff")
    LIAISON = "liaison", _("Department liaison")
    LEADERSHIP = "leadership", _("Leadership")
    EVALUATOR = "evaluator", _("Third-party evaluator")


OFFICE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF})
PORTFOLIO_READER_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.LIAISON, Role.LEADERSHIP})


class User(AbstractUser):
    """A person who logs in. The role decides what they may do; liaisons are bound to a
    department and evaluators to a third-party agency."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEADERSHIP)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaisons",
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluators",
    )
    access_expires_on = models.DateField(
        _("access expires on"),
        null=True,
        blank=True,
        help_text=_("After this date the account can no longer log in (used for outside evaluators)."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Columns of the portfolio list this person chose to hide, remembered across logins.
    hidden_list_columns = models.JSONField(_("hidden list columns"), default=list, blank=True)

    # Role, scope and status changes are kept; the password hash and each login are not.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A liaison without a department could see or edit nothing sensible.
            models.CheckConstraint(
                condition=~Q(role="liaison") | Q(department__isnull=False),
                name="liaison_has_department",
                violation_error_message=_("A department liaison needs a department."),
            ),
            # An evaluator is scoped to exactly one agency's assignments.
            models.CheckConstraint(
                condition=~Q(role="evaluator") | Q(agency__isnull=False),
                name="evaluator_has_agency",
                violation_error_message=_("A third-party evaluator needs an agency."),
            ),
        ]

    @property
    def is_office(self) -> bool:
        return self.role in OFFICE_ROLES or self.is_superuser

    @property
    def is_office_admin(self) -> bool:
        return self.role == Role.OFFICE_ADMIN or self.is_superuser

    @property
    def is_evaluator(self) -> bool:
        return self.role == Role.EVALUATOR and not self.is_superuser

    @property
    def is_liaison(self) -> bool:
        return self.role == Role.LIAISON and not self.is_superuser

    @property
    def is_leadership(self) -> bool:
        return self.role == Role.LEADERSHIP and not self.is_superuser

    @property
    def can_read_portfolio(self) -> bool:
        return self.role in PORTFOLIO_READER_ROLES or self.is_superuser

    @property
    def access_expired(self) -> bool:
        return self.access_expires_on is not None and self.access_expires_on < timezone.localdate()
