"""Django admin for the steering review. A frozen status report is read-only here as everywhere
(the model refuses the save in any case); baselines and notes are never edited."""

from django.contrib import admin

from .models import ActionItem, AgendaItem, Baseline, Decision, Meeting, StatusNote, StatusReport


class StatusNoteInline(admin.TabularInline):
    model = StatusNote
    extra = 0
    readonly_fields = ["text", "by", "at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ["project", "month", "overall", "filed_by", "filed_at", "frozen_at"]
    list_filter = ["month", "overall"]
    search_fields = ["project__code", "project__name"]
    readonly_fields = ["suggestions", "facts", "filed_at", "frozen_at", "version"]
    inlines = [StatusNoteInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # The bulk delete would go around the per-object check; the queryset refuses frozen rows
        # anyway, but the action should not be offered.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["project", "order", "reasons", "minutes"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "month", "chair", "status"]
    list_filter = ["status"]
    inlines = [AgendaItemInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["text", "project", "owner", "due_date", "status"]
    list_filter = ["status"]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["project", "number", "taken_at", "taken_by"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "agenda_item"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.agenda_item.meeting.is_closed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
