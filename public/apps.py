from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "public"
    verbose_name = _("Public window")

    def ready(self):
        from evaluations.computed import register_source

        from .cache import connect_invalidation
        from .selectors import satisfaction_source

        connect_invalidation()
        register_source(
            "citizen_satisfaction", _("Service users' satisfaction (citizens' survey)"), satisfaction_source
        )
