from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("City indicators")

    def ready(self):
        from core.aggregate_cache import watch

        from .models import Indicator, IndicatorLink, Observation

        # The dashboard's indicator panel is cached with the portfolio aggregates.
        watch(Indicator, Observation, IndicatorLink)
