"""Who sees a project's records: whoever may see the project (``Project.objects.visible_to``).
Each record's queryset says the path from the record to its project; the rule stays in one place."""

from django.db import models

from .portfolio import Project


class ProjectRecordQuerySet(models.QuerySet):
    project_path = "project"

    def visible_to(self, user):
        return self.filter(**{f"{self.project_path}__in": Project.objects.visible_to(user)})


class LineRecordQuerySet(ProjectRecordQuerySet):
    """Spending records and adjustments: through their budget line."""

    project_path = "line__project"


class ReviewRecordQuerySet(ProjectRecordQuerySet):
    """Review conditions: through their review round."""

    project_path = "review__project"
