from django.contrib import admin

from .models import Agency, Assessment, AssessmentCycle, Indicator, IndicatorTemplate


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "contact", "is_demo")
    search_fields = ("code", "name")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fk_name = "template"
    fields = ("order", "level", "name", "is_leaf", "points", "method")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(IndicatorTemplate)
class IndicatorTemplateAdmin(admin.ModelAdmin):
    """Read-only here: templates are edited in the app, which enforces 100 points and versioning."""

    list_display = ("name", "family", "version", "kind")
    readonly_fields = ("family", "version", "name", "kind", "description", "based_on", "created_by")
    inlines = [IndicatorInline]

    def has_add_permission(self, request):
        return False


@admin.register(AssessmentCycle)
class AssessmentCycleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "year", "template", "is_demo")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only: scoring and review go through the app's services."""

    list_display = ("cycle", "project", "agency", "due_on", "status", "total", "grade")
    list_filter = ("status", "cycle")
    list_select_related = ("cycle", "project", "agency")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
