"""Read-only endpoints. Each queryset starts from the projects the calling client may see,
so a department-scoped token never reaches another department's rows."""

from django.shortcuts import render
from django.views.decorators.http import require_GET
from rest_framework import viewsets

from evaluations.models import Assessment, AssessmentStatus
from exchange.filters import (
    BudgetLineFilter,
    GradeFilter,
    MilestoneFilter,
    ProblemFilter,
    ProjectCodesFilter,
    StageTransitionFilter,
)
from projects.models import BudgetLine, Milestone, Problem, Project, StageTransition

from . import serializers


class ClientScopedViewSet(viewsets.ReadOnlyModelViewSet):
    def projects(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        return self.request.auth.visible_projects()


class ProjectViewSet(ClientScopedViewSet):
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectCodesFilter

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


@require_GET
def docs_view(request):
    return render(request, "api/docs.html")
