from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Departments and agencies")

    def ready(self):
        from .history_sources import register_sources

        register_sources()
