from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import schema  # noqa: F401  registers the token scheme with drf-spectacular
        from .models import ApiClient, forget_stored_clients

        def forget(sender, instance, **kwargs):
            forget_stored_clients(instance.token_hash)

        post_save.connect(forget, sender=ApiClient, dispatch_uid="forget-api-client-save", weak=False)
        post_delete.connect(forget, sender=ApiClient, dispatch_uid="forget-api-client-delete", weak=False)
