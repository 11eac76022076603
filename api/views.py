"""Read-only endpoints. Each queryset starts from the projects the calling client may see,
so a department-scoped token never reaches another department's rows."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET
from rest_framework import exceptions, viewsets

from core.page_cache import serve_cached
from evaluations.models import Assessment, AssessmentStatus
from exchange.filters import (
    BudgetLineFilter,
    GradeFilter,
    MilestoneFilter,
    ProblemFilter,
    ProjectCodesFilter,
    StageTransitionFilter,
)
from indicators.models import Indicator, IndicatorLink, Observation
from projects.models import BudgetLine, Milestone, Problem, Project, StageTransition

from . import serializers
from .authentication import ApiTokenAuthentication, page_scope
from .permissions import is_office_user
from .serializers import IndicatorSerializer, ObservationSerializer


class ClientScopedViewSet(viewsets.ReadOnlyModelViewSet):
    def projects(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        return self.request.auth.visible_projects()


class ProjectViewSet(ClientScopedViewSet):
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectCodesFilter

    def list(self, request, *args, **kwargs):
        # The list is read page by page by connected systems: served from the page cache, one
        # entry per token, after the token was checked (which read the entry already).
        listing = super().list
        return serve_cached(
            request, page_scope(request.auth.token_hash), lambda: listing(request, *args, **kwargs)
        )

    def get_queryset(self):
        return self.projects().select_related("group", "lead_department").order_by("code")


class StageTransitionViewSet(ClientScopedViewSet):
    serializer_class = serializers.StageTransitionSerializer
    filterset_class = StageTransitionFilter

    def get_queryset(self):
        return StageTransition.objects.filter(project__in=self.projects()).select_related("project")


class BudgetLineViewSet(ClientScopedViewSet):
    serializer_class = serializers.BudgetLineSerializer
    filterset_class = BudgetLineFilter

    def get_queryset(self):
        return (
            BudgetLine.objects.filter(project__in=self.projects())
            .select_related("project", "source")
            .order_by("project__code", "year", "source__order", "pk")
        )


class MilestoneViewSet(ClientScopedViewSet):
    serializer_class = serializers.MilestoneSerializer
    filterset_class = MilestoneFilter

    def get_queryset(self):
        return Milestone.objects.filter(project__in=self.projects()).select_related("project")


class ProblemViewSet(ClientScopedViewSet):
    serializer_class = serializers.ProblemSerializer
    filterset_class = ProblemFilter

    def get_queryset(self):
        return Problem.objects.filter(project__in=self.projects()).select_related("project").order_by("pk")


class GradeViewSet(ClientScopedViewSet):
    """Accepted assessment results: the total and grade fixed by the office."""

    serializer_class = serializers.GradeSerializer
    filterset_class = GradeFilter

    def get_queryset(self):
        return (
            Assessment.objects.filter(project__in=self.projects(), status=AssessmentStatus.ACCEPTED)
            .select_related("project__lead_department", "cycle", "agency")
            .order_by("-cycle__year", "project__code", "pk")
        )


def _has_valid_token(request) -> bool:
    try:
        return ApiTokenAuthentication().authenticate(request) is not None
    except exceptions.AuthenticationFailed:
        return False


class IndicatorViewSet(ClientScopedViewSet):
    """City indicators: a department's token sees those it reports and those linked to its projects."""

    serializer_class = IndicatorSerializer

    def indicators(self):
        if getattr(self, "swagger_fake_view", False) or not self.request.auth.department_id:
            return Indicator.objects.all()
        department = self.request.auth.department_id
        return Indicator.objects.filter(
            Q(reporting_department_id=department) | Q(links__project__in=self.projects())
        ).distinct()

    def get_queryset(self):
        return (
            self.indicators()
            .select_related("reporting_department")
            .prefetch_related(
                Prefetch("links", queryset=IndicatorLink.objects.select_related("project")),
                Prefetch("observations", queryset=Observation.objects.order_by("observed_on")),
            )
            .order_by("code")
        )


class ObservationViewSet(IndicatorViewSet):
    """Every dated value of the indicators the client may see; ``?indicator=CODE`` narrows it."""

    serializer_class = ObservationSerializer

    def get_queryset(self):
        observations = Observation.objects.filter(indicator__in=self.indicators()).select_related("indicator")
        code = self.request.query_params.get("indicator")
        if code:
            observations = observations.filter(indicator__code=code)
        return observations.order_by("indicator__code", "observed_on")


@login_not_required
@require_GET
def docs_view(request):
    """The API's documentation: for a signed-in office user or a caller with a token (the same rule
    as the schema it shows); anyone else signs in first, and a signed-in non-office user gets 403."""
    if not (is_office_user(request.user) or _has_valid_token(request)):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return render(request, "api/docs.html")
