from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import user_sync_role_group


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_sync_role_group(user=obj)
