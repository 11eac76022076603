from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _forget_signed_in_user(sender, instance, **kwargs):
    from .backends import forget_signed_in_user

    forget_signed_in_user(instance.pk)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .models import User

        post_save.connect(_forget_signed_in_user, sender=User, dispatch_uid="forget-signed-in-user-save")
        post_delete.connect(_forget_signed_in_user, sender=User, dispatch_uid="forget-signed-in-user-delete")
