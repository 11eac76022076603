from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: the embedded Redis launcher (``python -m ops.embedded``), the cache backend
    that survives a Redis outage, and backup/restore (``manage.py backup``/``restore``). It imports
    no app of the domain."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ops"
    verbose_name = "Operations"
