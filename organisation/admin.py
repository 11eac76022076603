"""Read-only: departments and agencies change through the office pages (core.admin)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin

from .models import Agency, Department


@admin.register(Department)
class DepartmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ("code", "name", "name_en", "origin", "retired_at")
    search_fields = ("code", "name")


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "contact", "is_demo")
    search_fields = ("code", "name")
