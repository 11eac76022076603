from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("projects", views.ProjectViewSet, basename="project")
router.register("stage-transitions", views.StageTransitionViewSet, basename="stage-transition")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("problems", views.ProblemViewSet, basename="problem")
router.register("assessment-grades", views.GradeViewSet, basename="assessment-grade")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-observations", views.ObservationViewSet, basename="indicator-observation")

app_name = "api"

urlpatterns = [
    # The schema describes the API, not its data: readable without a token, like the docs page.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="schema",
    ),
    path("docs/", views.docs_view, name="docs"),
    path("", include(router.urls)),
]
