"""本月要点: the sentences of the monthly report on known data (tests/reports/monthly_world.py)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from reports import highlights
from reports.selectors import monthly_report_context

from .monthly_world import build_world

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def september(office_staff):
    world = build_world(staff=office_staff)
    with translation.override("zh-hans"):
        context = monthly_report_context(period="2016-09", today=TODAY)
        sentences = list(context["highlights"]["sentences"])
        decisions = [item.sentence for item in context["highlights"]["decisions"]]
        key = context["key_projects"]
        health = [(row.health.label, row.reasons) for row in key]
    return world, context, sentences, decisions, health


def test_the_sentences_of_september_2016(september):
    _world, _context, sentences, _decisions, _health = september
    assert sentences == [
        "本月1个项目阶段变更：城市公共数据库由“已立项”转入“建设实施”。",
        "本月完成里程碑1个：城市公共数据库「系统上线」。",
        "本月到期未完成里程碑1个：城市公共数据库「竣工验收」。",
        "截至2016-09-30，2016年度预算执行率为20.0%；与上年同期（10.0%）相比上升10.0个百分点；"
        "按时间进度应达74.8%，落后54.8个百分点。",
        "本月新增严重问题1个：城市公共数据库「数据接口未打通」。",
        "逾期未解决的严重问题1个：城市公共数据库「数据接口未打通」。",
        "本月通过审核的绩效评价1个：智慧交通91.50分（优）。",
    ]


def test_the_decisions_name_project_owner_and_since_when(september, office_staff):
    _world, _context, _sentences, decisions, _health = september
    owner = office_staff.get_full_name()
    assert decisions == [
        f"严重问题：数据接口未打通（P01 城市公共数据库，责任人：{owner}，自2016-09-05起）",
        "里程碑逾期：竣工验收（P01 城市公共数据库，责任人：张主任，自2016-09-20起）",
    ]


def test_key_projects_of_the_plan_carry_health_and_its_reason(september):
    _world, context, _sentences, _decisions, health = september
    row = context["key_projects"][0]
    assert row.project.code == "P01"
    assert row.progress == Decimal("0.5")
    assert row.execution_rate == Decimal("0.2")
    assert row.next_milestone.title == "竣工验收"
    assert health[0][0] == "红"
    assert any("严重问题" in reason for reason in health[0][1])


def test_figures_carry_their_change_from_the_previous_month(september):
    _world, context, _sentences, _decisions, _health = september
    # End of August: nothing overdue, 20万 of 100万 spent, P01 not yet in implementation.
    assert context["changes"]["active"] == "↑1"
    assert context["changes"]["overdue"] == "↑1"
    with translation.override("zh-hans"):
        assert highlights.delta(Decimal("0.25"), Decimal("0.2"), rate=True) == "↑5.0个百分点"
        assert highlights.delta(3, 3) == "持平"
