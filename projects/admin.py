from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.ProjectGroup)
class ProjectGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "order")


@admin.register(models.Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "origin")
    search_fields = ("code", "name")


@admin.register(models.Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "group", "lead_department", "stage", "is_key", "origin")
    list_filter = ("group", "stage", "is_key", "origin")
    list_select_related = ("group", "lead_department")
    search_fields = ("code", "name", "name_en")
    # The stage is moved only through the lifecycle service, which records who and why.
    readonly_fields = ("stage", "stage_before_suspension")


@admin.register(models.StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    list_display = ("project", "from_stage", "to_stage", "by", "at")
    list_select_related = ("project", "by")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (
    models.StageMoveRequest,
    models.ApprovalReview,
    models.ReviewOpinion,
    models.ReviewCondition,
    models.FundingSource,
    models.SpendingRecord,
    models.BudgetAdjustment,
    models.AnnualPlan,
    models.AnnualPlanItem,
    models.PlanAmendment,
):
    admin.site.register(model)

admin.site.register(models.BudgetLine, SimpleHistoryAdmin)
admin.site.register(models.Milestone, SimpleHistoryAdmin)
admin.site.register(models.Problem, SimpleHistoryAdmin)
