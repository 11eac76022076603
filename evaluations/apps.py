from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Performance assessment")

    def ready(self):
        from core.aggregate_cache import watch
        from projects.models import Stage
        from projects.selectors.portfolio import register_row_figure
        from projects.services.lifecycle import register_gate

        from .gates import latest_assessment_accepted
        from .history_sources import register_sources
        from .models import Assessment, Score
        from .selectors import latest_grades

        watch(Assessment, Score)
        register_gate(Stage.CLOSED, latest_assessment_accepted)
        # The portfolio list shows each project's latest grade.
        register_row_figure("grade", lambda project_ids: latest_grades(projects=project_ids))
        register_sources()
