from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from .aggregate_cache import connect_invalidation
        from .history_sources import register_sources

        connect_invalidation()
        register_sources()
