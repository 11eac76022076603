from django.urls import path

from .views import execution, portfolio

app_name = "projects"

urlpatterns = [
    path("", portfolio.project_list_view, name="list"),
    path("new/", portfolio.project_create_view, name="create"),
    path("<int:pk>/", portfolio.project_detail_view, name="detail"),
    path("<int:pk>/edit/", portfolio.project_edit_view, name="edit"),
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
