"""Read-only: templates, cycles and assessments change through the product (core.admin)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin

from .models import Assessment, AssessmentCycle, Indicator, IndicatorTemplate


class IndicatorInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Indicator
    fk_name = "template"
    fields = ("order", "level", "name", "is_leaf", "points", "method")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(IndicatorTemplate)
class IndicatorTemplateAdmin(ReadOnlyAdmin):
    """Templates are edited in the app, which enforces 100 points and versioning."""

    list_display = ("name", "family", "version", "kind")
    inlines = [IndicatorInline]


@admin.register(AssessmentCycle)
class AssessmentCycleAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "year", "template", "is_demo")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Scoring and review go through the app's services."""

    list_display = ("cycle", "project", "agency", "due_on", "status", "total", "grade")
    list_filter = ("status", "cycle")
    list_select_related = ("cycle", "project", "agency")
