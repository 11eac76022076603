from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Performance assessment")

    def ready(self):
        from .history_sources import register_sources

        register_sources()
