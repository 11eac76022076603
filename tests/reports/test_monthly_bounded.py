"""The monthly report stays the same size, and asks the same queries, whatever the size of the
portfolio: its lists stop at LIST_LIMIT rows, its sentences name five and count the rest."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from demo.scale import delete_generated, seed_scale
from projects.models import Milestone, Problem
from reports.highlights import NAMES_IN_SENTENCE
from reports.selectors import LIST_LIMIT, monthly_report_context
from tests.projects.factories import ProjectFactory

TODAY = datetime.date(2026, 12, 2)
PERIOD = "2026-12"


def build(size: int) -> tuple[dict, int]:
    """The report's context over ``size`` generated projects, and its number of queries."""
    delete_generated()
    seed_scale(projects=size, today=TODAY)
    with translation.override("zh-hans"), CaptureQueriesContext(connection) as queries:
        context = monthly_report_context(period=PERIOD, today=TODAY)
    return context, len(queries)


@pytest.mark.django_db
def test_the_queries_are_the_same_at_15_and_80_projects(users):
    _few, few_queries = build(15)
    many, many_queries = build(80)

    assert many_queries == few_queries
    for name in ("due", "overdue", "problems"):
        assert len(many[name]["rows"]) <= LIST_LIMIT
    assert len(many["progress_rows"]) == LIST_LIMIT
    assert many["progress_more"] == many["headline"]["total"] - LIST_LIMIT


@pytest.mark.django_db
def test_a_sentence_names_five_and_counts_all(users):
    context, _queries = build(70)
    first = datetime.date(2026, 12, 1)
    serious = Problem.objects.serious().filter(raised_at__date__gte=first).count()
    assert serious > NAMES_IN_SENTENCE
    sentence = next(s for s in context["highlights"]["sentences"] if s.startswith("本月新增严重问题"))
    assert sentence.startswith(f"本月新增严重问题{serious}个：")
    assert sentence.count("「") == NAMES_IN_SENTENCE
    assert sentence.endswith(f"，另有{serious - NAMES_IN_SENTENCE}项。")
    achieved = Milestone.objects.filter(status="done", actual_date__range=(first, TODAY)).count()
    assert f"本月完成里程碑{achieved}个" in context["highlights"]["sentences"][1]


@pytest.mark.django_db
def test_key_projects_stop_at_the_list_limit():
    # No annual plan for 2026: the key projects running in the year are listed, by code.
    for number in range(LIST_LIMIT + 2):
        ProjectFactory(
            code=f"K{number:03d}",
            is_key=True,
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 12, 31),
        )
    with translation.override("zh-hans"):
        context = monthly_report_context(period=PERIOD, today=TODAY)
        html = render_to_string("reports/pdf/monthly.html", {**context, "made_at": None})
    assert [row.project.code for row in context["key_projects"]] == [f"K{n:03d}" for n in range(LIST_LIMIT)]
    assert context["key_projects_more"] == 2
    assert "另有 2 项未列出。" in html
