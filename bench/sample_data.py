"""Generated portfolio data for the benchmark and the report PNGs, in a throwaway database.
Every row is marked as generated; nothing here runs against a real database."""

import datetime
import os
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STAGES = ["proposal", "approved", "implementation", "implementation", "acceptance", "operation"]


def setup_throwaway_django() -> Path:
    """Point Django at a fresh SQLite database in a temp folder, migrate and seed it."""
    var_dir = Path(tempfile.mkdtemp(prefix="nantong-bench-"))
    os.environ["NANTONG_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nantong_pm.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return var_dir


def generate_projects(count: int, *, seed: int = 7) -> None:
    """Add generated projects up to ``count`` projects in all."""
    from organisation.models import Department
    from projects.models import DataOrigin, Project, ProjectGroup

    rng = random.Random(seed)
    groups = list(ProjectGroup.objects.all())
    departments = list(Department.objects.all())
    missing = count - Project.objects.count()
    Project.objects.bulk_create(
        Project(
            code=f"G{number:05d}",
            name=f"智慧城市生成项目第{number}号",
            group=rng.choice(groups),
            lead_department=rng.choice(departments) if departments else None,
            origin=DataOrigin.GENERATED,
        )
        for number in range(1, missing + 1)
    )


def add_execution(*, today: datetime.date, seed: int = 7) -> None:
    """Stages, budget lines, milestones and problems for every project."""
    from accounts.models import User
    from projects.models import BudgetLine, FundingSource, Milestone, Problem, Project

    rng = random.Random(seed)
    sources = list(FundingSource.objects.all())
    user = User.objects.filter(is_superuser=False).order_by("pk").first()
    lines, milestones, problems = [], [], []
    projects = list(Project.objects.all())
    for project in projects:
        project.stage = rng.choice(STAGES)
        for source in rng.sample(sources, k=min(2, len(sources))):
            approved = Decimal(rng.randrange(50, 3000)) * 10000
            allocated = (approved * Decimal(rng.choice(["0.4", "0.7", "1"]))).quantize(Decimal("1"))
            spent = (allocated * Decimal(rng.choice(["0.2", "0.5", "0.9"]))).quantize(Decimal("1"))
            lines.append(
                BudgetLine(
                    project=project, year=today.year, source=source, approved=approved, allocated=allocated,
                    spent=spent,
                )
            )  # fmt: skip
        for index, title in enumerate(["需求调研", "方案设计", "系统开发", "试运行"]):
            planned = today + datetime.timedelta(days=-75 + 30 * index + rng.randrange(-10, 10))
            done = planned < today and rng.random() < 0.7
            milestones.append(
                Milestone(
                    project=project, title=f"{title}完成", planned_date=planned,
                    status="done" if done else "planned", actual_date=planned if done else None,
                    weight=index + 1,
                )
            )  # fmt: skip
        if rng.random() < 0.4:
            problems.append(
                Problem(
                    project=project, title=f"{project.name}：数据共享接口尚未打通", raised_by=user,
                    severity=rng.choice(["low", "medium", "high", "critical"]),
                    due_date=today + datetime.timedelta(days=rng.randrange(-20, 40)),
                )
            )  # fmt: skip
    Project.objects.bulk_update(projects, ["stage"], batch_size=500)
    BudgetLine.objects.bulk_create(lines, batch_size=500)
    Milestone.objects.bulk_create(milestones, batch_size=500)
    Problem.objects.bulk_create(problems, batch_size=500)
