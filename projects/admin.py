"""Read-only: every record here changes through the product's pages and services, which keep
its rules and its history (core.admin). Project groups are reference data and stay editable."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin

from . import models


@admin.register(models.ProjectGroup)
class ProjectGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "order")


@admin.register(models.Project)
class ProjectAdmin(ReadOnlyHistoryAdmin):
    list_display = ("code", "name", "group", "lead_department", "stage", "is_key", "origin")
    list_filter = ("group", "stage", "is_key", "origin")
    list_select_related = ("group", "lead_department")
    search_fields = ("code", "name", "name_en")


@admin.register(models.StageTransition)
class StageTransitionAdmin(ReadOnlyAdmin):
    list_display = ("project", "from_stage", "to_stage", "by", "at")
    list_select_related = ("project", "by")


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
    models.BudgetLine,
    models.Milestone,
    models.Problem,
):
    admin.site.register(model, ReadOnlyHistoryAdmin)
