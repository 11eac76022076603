from django.urls import path

from .views import budget, execution, lifecycle, portfolio

app_name = "projects"

urlpatterns = [
    path("", portfolio.project_list_view, name="list"),
    path("new/", portfolio.project_create_view, name="create"),
    path("pipeline/", lifecycle.pipeline_view, name="pipeline"),
    path("<int:pk>/", portfolio.project_detail_view, name="detail"),
    path("<int:pk>/history/", lifecycle.project_history_view, name="history"),
    path("<int:pk>/edit/", portfolio.project_edit_view, name="edit"),
    path("<int:pk>/move/", lifecycle.move_view, name="move"),
    path("<int:pk>/move-request/", lifecycle.move_request_view, name="move_request"),
    path(
        "move-requests/<int:request_pk>/decide/",
        lifecycle.move_request_decide_view,
        name="move_request_decide",
    ),
    path("<int:pk>/reviews/new/", lifecycle.review_open_view, name="review_open"),
    path("reviews/<int:review_pk>/opinion/", lifecycle.review_opinion_view, name="review_opinion"),
    path("reviews/<int:review_pk>/decide/", lifecycle.review_decide_view, name="review_decide"),
    path("conditions/<int:condition_pk>/met/", lifecycle.condition_met_view, name="condition_met"),
    path("<int:pk>/budget/", budget.project_budget_view, name="budget"),
    path("<int:pk>/budget/new/", budget.budget_line_create_view, name="budget_line_create"),
    path("budget/", budget.portfolio_budget_view, name="portfolio_budget"),
    path("budget/lines/<int:line_pk>/edit/", budget.budget_line_edit_view, name="budget_line_edit"),
    path("budget/lines/<int:line_pk>/spend/", budget.spending_create_view, name="spending_create"),
    path("budget/spending/<int:spending_pk>/reverse/", budget.spending_reverse_view, name="spending_reverse"),
    path("budget/lines/<int:line_pk>/adjust/", budget.adjustment_request_view, name="adjustment_request"),
    path(
        "budget/adjustments/<int:adjustment_pk>/decide/",
        budget.adjustment_decide_view,
        name="adjustment_decide",
    ),
    path("budget/sources/", budget.funding_source_list_view, name="funding_sources"),
    path("budget/sources/new/", budget.funding_source_edit_view, name="funding_source_create"),
    path("budget/sources/<int:source_pk>/edit/", budget.funding_source_edit_view, name="funding_source_edit"),
    path("<int:project_pk>/milestones/new/", execution.milestone_create_view, name="milestone_create"),
    path("<int:project_pk>/milestones/<int:pk>/edit/", execution.milestone_edit_view, name="milestone_edit"),
    path("<int:project_pk>/problems/new/", execution.problem_create_view, name="problem_create"),
    path("<int:project_pk>/problems/<int:pk>/edit/", execution.problem_edit_view, name="problem_edit"),
    path("<int:project_pk>/timeline/", execution.project_timeline_view, name="project_timeline"),
    path("timeline/", execution.key_timeline_view, name="key_timeline"),
    path("plans/", execution.plan_list_view, name="plan_list"),
    path("plans/new/", execution.plan_create_view, name="plan_create"),
    path("plans/<int:pk>/", execution.plan_detail_view, name="plan_detail"),
    path("plans/<int:pk>/edit/", execution.plan_edit_view, name="plan_edit"),
    path("plans/<int:pk>/items/new/", execution.plan_item_view, name="plan_item_create"),
    path("plans/<int:pk>/items/<int:item_pk>/edit/", execution.plan_item_view, name="plan_item_edit"),
    path("plans/<int:pk>/publish/", execution.plan_publish_view, name="plan_publish"),
    path("plans/<int:pk>/suggest-order/", execution.plan_suggest_order_view, name="plan_suggest_order"),
]
