"""Django admin for the steering review: read-only, like every model whose changes go through a
service (a frozen status report, a closed meeting's minutes and decisions, baselines and notes
are never edited; ``tests/test_admin_read_only.py``)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin

from .models import ActionItem, AgendaItem, Baseline, Decision, Meeting, StatusNote, StatusReport


class StatusNoteInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StatusNote
    extra = 0
    readonly_fields = ["text", "by", "at"]
    can_delete = False


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "month", "overall", "filed_by", "filed_at", "frozen_at"]
    list_filter = ["month", "overall"]
    search_fields = ["project__code", "project__name"]
    inlines = [StatusNoteInline]

    def get_actions(self, request):
        # No bulk delete either (it would go around the per-object check).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class AgendaItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["project", "order", "reasons", "minutes"]
    can_delete = False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "held_on", "month", "chair", "status"]
    list_filter = ["status"]
    inlines = [AgendaItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["text", "project", "owner", "due_date", "status"]
    list_filter = ["status"]


@admin.register(Baseline)
class BaselineAdmin(ReadOnlyAdmin):
    list_display = ["project", "number", "taken_at", "taken_by"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["text", "agenda_item"]
