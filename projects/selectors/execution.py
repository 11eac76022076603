"""Progress of projects from their milestones, computed in the database.

Progress = weight of done milestones ÷ weight of milestones that count; waived milestones do
not count. A project with no counting milestone has no progress (None, shown as "—")."""

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models.execution import MilestoneStatus
from .figures import ratio


def with_progress(projects: QuerySet, *, today=None) -> QuerySet:
    """Annotate done_weight, counted_weight and overdue_milestones on a project queryset."""
    today = today or timezone.localdate()
    return projects.annotate(
        done_weight=Coalesce(
            Sum("milestones__weight", filter=Q(milestones__status=MilestoneStatus.DONE)), 0,
            output_field=IntegerField(),
        ),
        counted_weight=Coalesce(
            Sum("milestones__weight", filter=~Q(milestones__status=MilestoneStatus.WAIVED)), 0,
            output_field=IntegerField(),
        ),
        overdue_milestones=Count(
            "milestones",
            filter=Q(milestones__planned_date__lt=today)
            & ~Q(milestones__status__in=[MilestoneStatus.DONE, MilestoneStatus.WAIVED]),
        ),
    )  # fmt: skip


def progress_of(project) -> "Decimal | None":  # noqa: F821
    """Progress of a project annotated by ``with_progress``."""
    return ratio(project.done_weight, project.counted_weight)
