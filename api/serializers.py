from rest_framework import serializers

from evaluations.models import Assessment
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
