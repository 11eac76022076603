"""seed_scale: a generated portfolio with bulk inserts, idempotent for the same size."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from demo.scale import ScaleSeedRefused, seed_scale
from evaluations.models import Assessment, Score
from projects.models import BudgetLine, DataOrigin, Milestone, Problem, Project


def test_each_generated_project_gets_its_budget_execution_and_assessments(office_staff, agency):
    result = seed_scale(projects=3)

    assert result.created
    generated = Project.objects.filter(origin=DataOrigin.GENERATED).order_by("code")
    assert list(generated.values_list("code", flat=True)) == ["G00001", "G00002", "G00003"]
    for project in generated.annotate(
        n_lines=Count("budget_lines", distinct=True),
        n_milestones=Count("milestones", distinct=True),
        n_problems=Count("problems", distinct=True),
        n_assessments=Count("assessments", distinct=True),
    ):
        counts = (project.n_lines, project.n_milestones, project.n_problems, project.n_assessments)
        assert counts == (10, 20, 5, 2)
    assert not Score.objects.filter(indicator__is_leaf=False).exists()
    scored = Assessment.objects.filter(project__in=generated).exclude(status="assigned")
    assert Score.objects.filter(assessment__in=scored).count() > 0
    assert not Score.objects.filter(assessment__status="assigned").exists()
    assert not BudgetLine.objects.filter(spent__gt=F("allocated")).exists()


def test_the_same_size_twice_adds_nothing(office_staff):
    seed_scale(projects=2)
    counts = (Project.objects.count(), Milestone.objects.count(), Problem.objects.count())

    assert not seed_scale(projects=2).created
    assert (Project.objects.count(), Milestone.objects.count(), Problem.objects.count()) == counts


def test_another_size_is_refused_unless_replaced(office_staff, capsys):
    seed_scale(projects=2)

    with pytest.raises(ScaleSeedRefused):
        seed_scale(projects=3)
    with pytest.raises(CommandError, match="2 generated projects already exist"):
        call_command("seed_scale", projects=3)
    call_command("seed_scale", projects=3, replace=True)
    assert Project.objects.filter(origin=DataOrigin.GENERATED).count() == 3


def test_seeded_and_office_projects_are_left_alone(office_staff, portfolio):
    call_command("seed_scale", projects=2)
    call_command("seed_scale", projects=1, replace=True)

    assert Project.objects.exclude(origin=DataOrigin.GENERATED).count() == 15
