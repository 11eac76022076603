from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin

from .models import User


@admin.register(User)
class UserAdmin(ReadOnlyAdminMixin, DjangoUserAdmin):
    """Read-only: accounts are invited, changed and deactivated on the office's pages
    (/office/users/), which log every role change and keep the last office admin."""

    list_display = (
        "username",
        "first_name",
        "role",
        "department",
        "agency",
        "access_expires_on",
        "is_active",
    )
    list_filter = ("role", "is_active", "is_demo")
    list_select_related = ("department", "agency")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Role and scope"), {"fields": ("role", "department", "agency", "access_expires_on", "is_demo")}),
    )
