from django.db.models import Count

from ..models import Project, ProjectGroup, Stage


def stage_counts(*, projects) -> list[dict]:
    """How many projects sit in each stage, in lifecycle order, zeros included."""
    counts = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")))
    return [{"stage": stage, "label": stage.label, "count": counts.get(stage.value, 0)} for stage in Stage]


def project_list(*, user):
    return Project.objects.visible_to(user).with_list_relations()


def group_counts(*, projects) -> list[dict]:
    """Projects per group, in the article's group order, zeros included."""
    counts = dict(projects.order_by().values_list("group").annotate(n=Count("pk")))
    return [{"group": group, "count": counts.get(group.pk, 0)} for group in ProjectGroup.objects.all()]
