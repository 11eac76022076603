"""The public window (公众窗口): what the office publishes per project, citizens' survey answers
and the version that keys the cached public pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import Project

SCORE_MIN, SCORE_MAX = 1, 5
COMMENT_MAX_LENGTH = 500


class ProjectPublication(models.Model):
    """Whether a project is on the public pages, and what it brings to residents in plain words.
    No row, or ``is_public`` off, means the project is not public (nothing is public by default)."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="publication"
    )
    is_public = models.BooleanField(_("shown on the public pages"), default=False)
    summary = models.TextField(
        _("what it brings to residents"),
        blank=True,
        help_text=_("Plain language for citizens: no budgets, no names, no internal problems."),
    )
    summary_en = models.TextField(_("what it brings to residents (English)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("project publication")
        verbose_name_plural = _("project publications")
        constraints = [
            # A public project without words for citizens would show an empty card.
            models.CheckConstraint(
                condition=Q(is_public=False) | ~Q(summary=""),
                name="public_project_has_summary",
                violation_error_message=_(
                    "A public project needs a plain-language description for residents."
                ),
            ),
        ]

    def __str__(self):
        return str(self.project)

    def clean(self):
        if self.is_public and not self.summary.strip():
            raise ValidationError(
                {"summary": _("Write what the project brings to residents before making it public.")}
            )


class Moderation(models.TextChoices):
    NO_COMMENT = "none", _("No comment")
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Not published")


class SurveyResponse(models.Model):
    """One citizen's satisfaction with a project in operation: a score 1–5 and perhaps a comment.
    No account and no address is kept: only a keyed hash of the address, for the daily limit."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.NO_COMMENT
    )
    address_hash = models.CharField(max_length=64, editable=False)
    submitted_on = models.DateField(_("day"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX),
                name="survey_score_1_to_5",
                violation_error_message=_("Choose a score from 1 to 5."),
            ),
            # The daily limit per address and project, also against two requests at the same moment.
            models.UniqueConstraint(
                fields=["project", "address_hash", "submitted_on"], name="survey_once_per_project_address_day"
            ),
        ]
        indexes = [
            # The daily limit per address counts these; the moderation queue lists pending ones.
            models.Index(fields=["address_hash", "submitted_on"], name="survey_address_day_idx"),
            models.Index(fields=["moderation", "submitted_at"], name="survey_moderation_idx"),
        ]

    def __str__(self):
        return f"{self.project.code} {self.score}"
