from django.urls import path

from .views import budget, lifecycle, portfolio

app_name = "projects"

urlpatterns = [
    path("", portfolio.project_list_view, name="list"),
    path("new/", portfolio.project_create_view, name="create"),
    path("pipeline/", lifecycle.pipeline_view, name="pipeline"),
    path("<int:pk>/", portfolio.project_detail_view, name="detail"),
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
    path("budget/lines/<int:line_pk>/adjust/", budget.adjustment_request_view, name="adjustment_request"),
    path(
        "budget/adjustments/<int:adjustment_pk>/decide/",
        budget.adjustment_decide_view,
        name="adjustment_decide",
    ),
    path("budget/sources/", budget.funding_source_list_view, name="funding_sources"),
    path("budget/sources/new/", budget.funding_source_edit_view, name="funding_source_create"),
    path("budget/sources/<int:source_pk>/edit/", budget.funding_source_edit_view, name="funding_source_edit"),
]
