from django.core.management import call_command

from accounts.models import User
from core.origin import DataOrigin
from organisation.models import Department
from projects.models import FundingSource, Project, ProjectGroup


def test_seed_portfolio_loads_four_groups_and_fifteen_projects(db):
    call_command("seed_portfolio")
    assert list(ProjectGroup.objects.values_list("name", flat=True)) == [
        "综合平台",
        "民生应用",
        "政务服务",
        "城市管理",
    ]
    assert Project.objects.count() == 15
    assert Project.objects.filter(group__code="livelihood").count() == 5
    assert Project.objects.get(code="P02").name == "城市公共信息平台"
    assert set(Project.objects.values_list("origin", flat=True)) == {DataOrigin.SEED}
    assert FundingSource.objects.filter(is_fiscal=False).count() == 2


def test_seed_portfolio_is_idempotent_and_keeps_office_edits(db):
    call_command("seed_portfolio")
    Project.objects.filter(code="P01").update(name="城市公共数据库（一期）")
    before = list(Project.objects.order_by("pk").values())
    call_command("seed_portfolio")
    assert list(Project.objects.order_by("pk").values()) == before


def test_seed_demo_adds_one_user_per_role_marked_as_demo(db):
    call_command("seed_demo")
    call_command("seed_demo")
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"office_admin", "office_staff", "liaison", "leadership", "evaluator"}
    assert not User.objects.filter(is_demo=False).exists()
    assert not Department.objects.exclude(origin=DataOrigin.DEMO).exists()
    assert Project.objects.filter(lead_department__isnull=False).count() == 15
    liaison = User.objects.get(username="liaison")
    assert liaison.groups.filter(name="liaison").exists()
