from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    """The monthly steering review: status reports, review meetings, baselines. It sits above
    ``evaluations`` and below ``reports``/``dashboard``/``api``, which read it or listen to it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "steering"
    verbose_name = _("Steering review")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
