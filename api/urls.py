from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication
from rest_framework.routers import DefaultRouter

from . import views
from .authentication import ApiTokenAuthentication
from .permissions import IsApiClientOrOfficeUser

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
    # The schema describes the whole API: a token, or a signed-in office user (the docs page reads it).
    path(
        "schema/",
        SpectacularAPIView.as_view(
            authentication_classes=[ApiTokenAuthentication, SessionAuthentication],
            permission_classes=[IsApiClientOrOfficeUser],
        ),
        name="schema",
    ),
    path("docs/", views.docs_view, name="docs"),
    path("", include(router.urls)),
]
