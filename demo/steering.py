"""Demo data of the steering review, on top of ``seed_demo``: twelve monthly status reports of
P01 (and six of P05, before it was suspended), a closed review meeting of last month with its
decisions and action items, an open one of this month with its default agenda, and P01's
baseline taken at approval. Idempotent; every text ends with （演示）.

    .venv/bin/python manage.py seed_steering_demo
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from projects.models import Project
from steering import services
from steering.models import Baseline, Meeting, StatusReport
from steering.selectors import add_months, due_date, month_start, plan_snapshot

from .offline import worker_in_process

DEMO_MARK = "（演示）"

# Overall, schedule, budget, scope, risk for the last twelve months of P01, oldest first.
P01_PATTERN = [
    "ggggg", "ggggg", "gaggg", "aaggg", "aaagg", "raagr",
    "rraar", "araga", "aaggg", "gaggg", "ggggg", "agggg",
]  # fmt: skip
P05_PATTERN = ["ggggg", "gaggg", "aaagg", "aaaga", "rragr", "rrrgr"]
COLOURS = {"g": "green", "a": "amber", "r": "red"}
REASONS = {
    "amber": "接口联调滞后约两周{mark}",
    "red": "核心模块延期，影响上线节点{mark}",
    "green": "按计划推进{mark}",
}
DIMENSIONS = ("overall", "schedule", "budget", "scope", "risk")


def _fields(pattern: str) -> dict:
    fields = {}
    for dimension, letter in zip(DIMENSIONS, pattern, strict=True):
        colour = COLOURS[letter]
        fields[dimension] = colour
        fields[f"{dimension}_reason"] = REASONS[colour].format(mark=DEMO_MARK)
    if set(pattern) - {"g"}:
        fields["recovery_plan"] = "增派开发人员，周例会跟踪接口联调进度" + DEMO_MARK
        fields["recovery_by"] = None
    return fields


def _file(project: Project, month: datetime.date, pattern: str, by: User, *, late: bool) -> StatusReport:
    fields = _fields(pattern)
    if "recovery_by" in fields:
        fields["recovery_by"] = month + datetime.timedelta(days=45)
    report = StatusReport(
        project=project,
        month=month,
        filed_by=by,
        suggestions={d: fields[d] for d in DIMENSIONS if d != "scope"},
        facts={"milestones_done": [], "milestones_due": [], "spent": "0"},
        achievements="完成本月数据归集任务" + DEMO_MARK,
        next_steps="推进下一阶段接口对接" + DEMO_MARK,
        blockers="" if pattern[0] == "g" else "需办公室协调市公安局数据共享" + DEMO_MARK,
        **fields,
    )
    report.full_clean()
    report.save()
    filed = due_date(month) + datetime.timedelta(days=3 if late else -2)
    StatusReport.objects.filter(pk=report.pk).update(
        filed_at=timezone.make_aware(datetime.datetime.combine(filed, datetime.time(10)))
    )
    return report


def seed_demo_steering(*, today: datetime.date | None = None) -> None:
    """The steering demo; last month's closed meeting gets its minutes built, as the worker would
    have built them when the meeting closed."""
    with worker_in_process():
        _seed_demo_steering(today=today or timezone.localdate())


@transaction.atomic
def _seed_demo_steering(*, today: datetime.date) -> None:
    if Meeting.objects.filter(title__endswith=DEMO_MARK).exists():
        return
    staff = User.objects.get(username="staff")
    liaison = User.objects.get(username="liaison")
    liaison2 = User.objects.get(username="liaison2")
    leader = User.objects.get(username="leader")
    p01 = Project.objects.get(code="P01")
    p05 = Project.objects.get(code="P05")
    this_month = month_start(today)
    months = [add_months(this_month, -n) for n in range(11, -1, -1)]
    for index, (month, pattern) in enumerate(zip(months, P01_PATTERN, strict=True)):
        if month == this_month:
            continue  # this month's report is the liaison's to file (the due list shows it)
        _file(p01, month, pattern, liaison, late=index in (5, 6))
    for month, pattern in zip(months[:6], P05_PATTERN, strict=True):
        _file(p05, month, pattern, liaison2, late=False)
    # Months before last were reviewed at meetings the demo does not hold: their reports are frozen.
    StatusReport.objects.filter(month__lt=add_months(this_month, -1), frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )

    last = add_months(this_month, -1)
    closed = services.meeting_create(
        by=staff,
        title=f"{last:%Y年%m月}协调推进会{DEMO_MARK}",
        month=last,
        held_on=last.replace(day=28),
        chair=leader,
        attendees=[staff, liaison, liaison2, leader],
        notes="听取各责任部门月度进展汇报，研究解决项目推进中的问题。" + DEMO_MARK,
    )
    if not closed.agenda.filter(project=p01).exists():
        services.agenda_add(meeting=closed, project=p01, by=staff)
    item = closed.agenda.get(project=p01)
    services.minutes_save(
        item=item, by=staff, minutes="市数据局汇报：接口联调滞后，已增派人员，预计下月恢复正常。" + DEMO_MARK
    )
    services.decision_add(item=item, by=staff, text="同意一期上线时间顺延一个月，不再调整。" + DEMO_MARK)
    services.decision_add(item=item, by=staff, text="由办公室牵头协调市公安局人口数据共享。" + DEMO_MARK)
    services.action_add(
        item=item, by=staff, text="提交接口联调计划及人员安排" + DEMO_MARK, owner=liaison,
        due_date=today - datetime.timedelta(days=3),
    )  # fmt: skip
    services.action_add(
        item=item, by=staff, text="协调市公安局签订数据共享协议" + DEMO_MARK, owner=staff,
        due_date=today + datetime.timedelta(days=10),
    )  # fmt: skip
    services.meeting_close(meeting=closed, by=staff)

    services.meeting_create(
        by=staff,
        title=f"{this_month:%Y年%m月}协调推进会{DEMO_MARK}",
        month=this_month,
        held_on=this_month.replace(day=28),
        chair=leader,
        attendees=[staff, liaison, liaison2, leader],
    )

    # P01's first baseline was taken when seed_demo approved it; the demo makes it the plan as
    # approved back then: the later milestones a month earlier, the first budget line smaller.
    snapshot = plan_snapshot(project=p01)
    for position, row in enumerate(snapshot["milestones"]):
        if position >= 2:
            planned = datetime.date.fromisoformat(row["planned_date"]) - datetime.timedelta(days=30)
            row["planned_date"] = planned.isoformat()
    for row in snapshot["budget"][:1]:
        row["approved"] = str(Decimal(row["approved"]) - Decimal("500000"))
    first = Baseline.objects.filter(project=p01, number=1).first()
    if first is None:
        first = Baseline(project=p01, number=1, taken_by=staff, **snapshot)
        first.full_clean()
        first.save()
    else:
        # Demo data only: a baseline is never edited by the application.
        Baseline.objects.filter(pk=first.pk).update(
            milestones=snapshot["milestones"], budget=snapshot["budget"]
        )
