from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "public"
    verbose_name = _("Public window")

    def ready(self):
        from core.aggregate_cache import watch
        from evaluations.computed import register_source

        from .models import ProjectPublication, SurveyResponse
        from .selectors import satisfaction_source

        # The public pages are cached (core/page_cache.py) under the data version: what they show
        # beyond the projects' and indicators' own models (each app watches those).
        watch(ProjectPublication, SurveyResponse)
        register_source(
            "citizen_satisfaction", _("Service users' satisfaction (citizens' survey)"), satisfaction_source
        )
