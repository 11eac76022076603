from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _forget_signed_in_user(sender, instance, **kwargs):
    from .backends import forget_signed_in_user

    forget_signed_in_user(instance.pk)


def _store_signed_in_user(sender, request, user, **kwargs):
    from .backends import store_signed_in_user

    store_signed_in_user(user)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .models import User

        post_save.connect(_forget_signed_in_user, sender=User, dispatch_uid="forget-signed-in-user-save")
        post_delete.connect(_forget_signed_in_user, sender=User, dispatch_uid="forget-signed-in-user-delete")
        # After Django's own receiver, which saves the login date (and so drops the old copy).
        user_logged_in.connect(_store_signed_in_user, dispatch_uid="store-signed-in-user")
