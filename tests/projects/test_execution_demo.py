from django.core.management import call_command

from projects.models import AnnualPlan, Milestone, Problem
from projects.models.execution import PlanStatus


def test_seed_demo_adds_execution_data_once_marked_as_demo(db):
    call_command("seed_demo")
    counts = (Milestone.objects.count(), Problem.objects.count(), AnnualPlan.objects.count())
    call_command("seed_demo")
    assert (Milestone.objects.count(), Problem.objects.count(), AnnualPlan.objects.count()) == counts
    assert Milestone.objects.values("project").distinct().count() == 15
    assert all(title.endswith("（演示）") for title in Milestone.objects.values_list("title", flat=True))
    assert all(title.endswith("（演示）") for title in Problem.objects.values_list("title", flat=True))
    assert Milestone.objects.filter(status="done").exists() and Milestone.objects.overdue().exists()
    assert Problem.objects.overdue().exists() and Problem.objects.open().serious().exists()
    plan = AnnualPlan.objects.get(year=2015)
    assert plan.status == PlanStatus.PUBLISHED and plan.items.count() == 15
    assert plan.items.filter(is_key=True).count() == 5
