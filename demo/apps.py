from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data generator: its own package above the domain apps, which it only calls."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
