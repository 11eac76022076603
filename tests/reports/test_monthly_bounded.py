"""The monthly report stays the same size whatever the size of the portfolio: its lists stop at
LIST_LIMIT rows."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reports.selectors import LIST_LIMIT, monthly_report_context
from tests.projects.factories import ProjectFactory

TODAY = datetime.date(2026, 12, 2)
PERIOD = "2026-12"


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
