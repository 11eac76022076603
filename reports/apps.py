from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from evaluations.signals import cycle_closed

        from .receivers import file_cycle_report

        cycle_closed.connect(file_cycle_report, dispatch_uid="reports-file-cycle-report")
