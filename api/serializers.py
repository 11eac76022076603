from django.utils import timezone
from rest_framework import serializers

from evaluations.models import Assessment
from indicators.models import Indicator, Observation
from indicators.status import indicator_standing
from projects.models import BudgetLine, Milestone, Problem, Project, StageTransition


class ProjectSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.code")
    group_name = serializers.CharField(source="group.name")
    department = serializers.CharField(source="lead_department.code", allow_null=True, default=None)
    department_name = serializers.CharField(source="lead_department.name", allow_null=True, default=None)
    stage_label = serializers.CharField(source="get_stage_display")

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "group",
            "group_name",
            "department",
            "department_name",
            "stage",
            "stage_label",
            "is_key",
            "planned_start",
            "planned_end",
            "estimated_budget",
            "updated_at",
        ]


class StageTransitionSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code")

    class Meta:
        model = StageTransition
        fields = ["id", "project", "from_stage", "to_stage", "at", "comment"]


class BudgetLineSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code")
    source = serializers.CharField(source="source.code")
    source_name = serializers.CharField(source="source.name")
    is_fiscal = serializers.BooleanField(source="source.is_fiscal")

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "project",
            "year",
            "source",
            "source_name",
            "is_fiscal",
            "approved",
            "allocated",
            "allocated_on",
            "spent",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code")

    class Meta:
        model = Milestone
        fields = ["id", "project", "title", "stage", "planned_date", "actual_date", "status", "weight"]


class ProblemSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code")

    class Meta:
        model = Problem
        fields = ["id", "project", "title", "severity", "status", "raised_at", "due_date", "resolved_at"]


class GradeSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code")
    cycle = serializers.CharField(source="cycle.name")
    year = serializers.IntegerField(source="cycle.year")
    agency = serializers.CharField(source="scorer_name")

    class Meta:
        model = Assessment
        fields = ["id", "project", "cycle", "year", "agency", "total", "grade", "accepted_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    """A city indicator with its status by the rule of ``indicators/status.py`` (as of today)."""

    department = serializers.CharField(source="reporting_department.code", allow_null=True, default=None)
    projects = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "unit",
            "dimension",
            "direction",
            "frequency",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_year",
            "data_source",
            "department",
            "projects",
            "status",
        ]

    def get_projects(self, indicator) -> list[str]:
        return [link.project.code for link in indicator.links.all()]

    def get_status(self, indicator) -> str:
        return indicator_standing(indicator, today=timezone.localdate()).status.value


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")

    class Meta:
        model = Observation
        fields = ["id", "indicator", "observed_on", "value", "bound", "source", "note"]
