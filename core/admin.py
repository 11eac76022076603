"""The Django admin stays for the system administrator, but it is no way around the product's
rules: a model whose changes must go through a service (and leave a history row with who and
why) is shown read-only here. ``tests/test_admin_read_only.py`` lists which models accept changes."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    """No add, change or delete; the change page shows the record (view permission)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyHistoryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only, with the record's change history (django-simple-history)."""
