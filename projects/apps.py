from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from core.aggregate_cache import watch
        from organisation.models import Department

        from .history_sources import register_sources
        from .models import (
            BudgetLine,
            FundingSource,
            Milestone,
            Problem,
            Project,
            ProjectGroup,
            SpendingRecord,
        )

        watch(
            Project, ProjectGroup, Department, FundingSource, BudgetLine, SpendingRecord, Milestone, Problem
        )
        register_sources()
