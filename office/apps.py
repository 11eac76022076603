from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The office runs itself here: departments, agencies, user accounts and the audit log."""

    name = "office"
    verbose_name = _("Office administration")
