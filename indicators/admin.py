from django.contrib import admin

from .models import Indicator, IndicatorLink, Observation


class LinkInline(admin.TabularInline):
    model = IndicatorLink
    extra = 0
    autocomplete_fields = ["project"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "dimension", "unit", "frequency", "reporting_department", "is_public"]
    list_filter = ["dimension", "frequency", "is_public"]
    search_fields = ["code", "name", "name_en"]
    inlines = [LinkInline]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "observed_on", "value", "bound", "source", "entered_by"]
    list_filter = ["indicator"]
    readonly_fields = ["entered_by", "entered_at"]
