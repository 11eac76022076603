"""Django admin for the development indicators: read-only; indicators, links and observations
change through the product's services (``tests/test_admin_read_only.py``)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin

from .models import Indicator, IndicatorLink, Observation


class LinkInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = IndicatorLink
    extra = 0
    can_delete = False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "dimension", "unit", "frequency", "reporting_department", "is_public"]
    list_filter = ["dimension", "frequency", "is_public"]
    search_fields = ["code", "name", "name_en"]
    inlines = [LinkInline]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "observed_on", "value", "bound", "source", "entered_by"]
    list_filter = ["indicator"]
