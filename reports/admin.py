from django.contrib import admin

from .models import Delivery, ReportRun, ReportSchedule, Subscriber


class SubscriberInline(admin.TabularInline):
    model = Subscriber
    extra = 0


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "periodic_task"]
    inlines = [SubscriberInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["email", "status", "error", "at"]


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "status", "is_scheduled", "created_at", "finished_at"]
    list_filter = ["kind", "status", "is_scheduled"]
    readonly_fields = ["file", "checksum", "started_at", "finished_at", "attempts", "error"]
    inlines = [DeliveryInline]
