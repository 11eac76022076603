from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        # api.schema (the token scheme for drf-spectacular) is not imported here: DRF imports it as
        # DEFAULT_SCHEMA_CLASS when a schema is generated, and importing it costs every process
        # (a worker, build_report) 0.2 s of start-up for DRF and drf-spectacular.
        from django.db.models.signals import post_delete, post_save

        from .models import ApiClient, forget_stored_clients

        def forget(sender, instance, **kwargs):
            forget_stored_clients(instance.token_hash)

        post_save.connect(forget, sender=ApiClient, dispatch_uid="forget-api-client-save", weak=False)
        post_delete.connect(forget, sender=ApiClient, dispatch_uid="forget-api-client-delete", weak=False)
