from django.urls import path

from .views import lifecycle, portfolio

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
]
