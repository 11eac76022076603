"""Read-only: schedules are edited on /reports/schedules/ (their history and beat entry with them);
runs are built by the workers (core.admin)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin

from .models import Delivery, ReportRun, ReportSchedule, Subscriber


class SubscriberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Subscriber
    extra = 0
    readonly_fields = ["user", "email"]
    can_delete = False


@admin.register(ReportSchedule)
class ReportScheduleAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "periodic_task"]
    inlines = [SubscriberInline]


class DeliveryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["email", "status", "error", "at"]
    can_delete = False


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ["kind", "period", "status", "is_scheduled", "created_at", "finished_at"]
    list_filter = ["kind", "status", "is_scheduled"]
    readonly_fields = ["file", "checksum", "started_at", "finished_at", "attempts", "error"]
    inlines = [DeliveryInline]
