from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Scores and points: up to 999.99, two decimals; defined once.
SCORE_MAX_DIGITS = 5
SCORE_DECIMAL_PLACES = 2
FULL_MARKS = Decimal("100")


class AssessmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


# Statuses in which the agency still owes work.
OPEN_STATUSES = (AssessmentStatus.ASSIGNED, AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED)
# Statuses in which the evaluator may type scores.
EDITABLE_STATUSES = (AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优)")
    GOOD = "good", _("Good (良)")
    FAIR = "fair", _("Fair (中)")
    POOR = "poor", _("Poor (差)")

    @classmethod
    def for_total(cls, total: Decimal) -> "Grade":
        """≥ 90 excellent, 80–<90 good, 60–<80 fair, < 60 poor — compared as Decimal, exact at the borders."""
        total = Decimal(total)
        if total >= Decimal("90"):
            return cls.EXCELLENT
        if total >= Decimal("80"):
            return cls.GOOD
        if total >= Decimal("60"):
            return cls.FAIR
        return cls.POOR


class ReviewDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
