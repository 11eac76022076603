from decimal import Decimal
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_portfolio_reader
from core.money import to_wan
from core.page_cache import cached_page
from projects.health import OVERDUE_MILESTONES_RED, PROGRESS_LAG_AMBER, PROGRESS_LAG_RED, SPENDING_LAG_AMBER
from projects.models import Stage
from steering.selectors import latest_statuses, overdue_actions

from .forms import DashboardFilterForm
from .selectors import (
    UPCOMING_DAYS,
    DashboardScope,
    dashboard_overview,
    default_budget_year,
    filter_years,
    reminders_for,
)


def _project_list_url(scope: DashboardScope, **filters) -> str:
    """The portfolio list behind a figure, with the dashboard's group and department."""
    query = {"group": scope.group.pk if scope.group else None}
    query["lead_department"] = scope.department.pk if scope.department else None
    query.update(filters)
    return reverse("projects:list") + "?" + urlencode({k: v for k, v in query.items() if v is not None})


def _wan(amount: Decimal) -> str:
    """Yuan → 万元 as a string for the charts (JSON has no Decimal)."""
    return str(to_wan(amount))


def _budget_chart(rows) -> dict:
    return {
        "labels": [name for name, _figures in rows],
        "series": [
            {"label": _("Approved (10k yuan)"), "values": [_wan(f.approved) for _n, f in rows]},
            {"label": _("Spent (10k yuan)"), "values": [_wan(f.spent) for _n, f in rows]},
        ],
    }


@cached_page
def dashboard_view(request):
    require_portfolio_reader(request.user)
    today = timezone.localdate()
    form = DashboardFilterForm(
        request.GET,
        years=filter_years(today=today),
        default_year=default_budget_year(today=today),
        today=today,
    )
    scope = form.scope()
    overview = dashboard_overview(user=request.user, scope=scope, today=today)
    links = {
        "projects": _project_list_url(scope),
        "implementation": _project_list_url(scope, stage=Stage.IMPLEMENTATION.value),
        "key": _project_list_url(scope, is_key="true"),
    }
    charts = {
        "funnel": {
            "labels": [str(row["label"]) for row in overview.funnel],
            "series": [{"label": _("Projects"), "values": [row["count"] for row in overview.funnel]}],
        },
        "by_group": _budget_chart(overview.by_group),
        "by_source": _budget_chart(overview.by_source),
    }
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "overview": overview,
            "links": links,
            "funnel_rows": [
                {**row, "url": _project_list_url(scope, stage=row["stage"].value)} for row in overview.funnel
            ],
            "charts": charts,
            "today": today,
            "upcoming_days": UPCOMING_DAYS,
            "health_rows": overview.health,
            "statuses": latest_statuses(project_ids=[row.project.pk for row in overview.health]),
            "overdue_actions": overdue_actions(today=today, limit=10),
            "health_rule": {
                "progress_lag_red": int(PROGRESS_LAG_RED * 100),
                "progress_lag_amber": int(PROGRESS_LAG_AMBER * 100),
                "overdue_milestones_red": OVERDUE_MILESTONES_RED,
                "spending_lag_amber": int(SPENDING_LAG_AMBER * 100),
            },
        },
    )


def notifications_view(request):
    """The logged-in person's reminders: the same items as the daily digest."""
    today = timezone.localdate()
    return render(
        request,
        "dashboard/notifications.html",
        {"reminders": reminders_for(user=request.user, today=today), "today": today},
    )
