from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_office, require_portfolio_reader
from core import glossary
from core.page_cache import cached_page
from core.versioning import StaleObjectError

from ..filters import ProjectFilter
from ..forms import ProjectForm
from ..lifecycle_forms import MoveRequestForm
from ..permissions import can_edit_project, get_project_for_user
from ..selectors.execution import attention_problems, overdue_conditions
from ..selectors.lifecycle import lifecycle_panel
from ..selectors.portfolio import (
    OPTIONAL_COLUMNS,
    group_counts,
    list_rows,
    project_list,
    stage_counts,
    with_list_figures,
)
from ..services.portfolio import project_create, project_update

PAGE_SIZE = 25
ALERT_ROWS = 8


@cached_page
def project_list_view(request):
    require_portfolio_reader(request.user)
    if request.method == "POST":
        # The person's choice of columns, remembered on their account.
        shown = set(request.POST.getlist("columns"))
        request.user.hidden_list_columns = [c for c in OPTIONAL_COLUMNS if c not in shown]
        request.user.save(update_fields=["hidden_list_columns"])
        return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    today = timezone.localdate()
    projects = project_list(user=request.user)
    project_filter = ProjectFilter(request.GET, queryset=with_list_figures(projects, today=today))
    filtered = project_filter.qs
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    hidden = set(request.user.hidden_list_columns or [])
    # 需关注的问题 follows the list's filters: the same projects, its count and a link to all of them.
    plain_filters = request.GET.copy()
    plain_filters.pop("ordering", None)  # the figures' sort keys exist only on the annotated list
    alert_projects = ProjectFilter(plain_filters, queryset=projects).qs
    alerts = attention_problems(projects=alert_projects, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "filter": project_filter,
            "page": page,
            "rows": list_rows(page, today=today),
            "query": query.urlencode(),
            # Counted on the plain filtered projects: the figures' joins must not multiply them.
            "stage_counts": stage_counts(projects=alert_projects),
            "group_counts": group_counts(projects=alert_projects),
            "total": page.paginator.count,
            "show": {column: column not in hidden for column in OPTIONAL_COLUMNS},
            "columns": [
                {"key": key, "label": label, "shown": key not in hidden} for key, label in column_labels()
            ],
            "year": today.year,
            "today": today,
            "alerts": list(alerts[:ALERT_ROWS]),
            "alert_total": alerts.count(),
            "late_conditions": list(overdue_conditions(projects=alert_projects, today=today)[:ALERT_ROWS]),
        },
    )


def column_labels() -> list[tuple[str, str]]:
    return [
        ("group", _("Group")),
        ("department", _("Lead department")),
        ("period", _("Planned period")),
        ("progress", glossary.PROGRESS),
        ("budget", _("This year's budget")),
        ("health", glossary.HEALTH),
        ("next_milestone", glossary.NEXT_MILESTONE),
        ("grade", glossary.LATEST_GRADE),
    ]


@cached_page
def project_detail_view(request, pk):
    project = get_project_for_user(request.user, pk)
    lifecycle = lifecycle_panel(project=project, user=request.user)
    move_request_form = None
    if lifecycle.may_request:
        move_request_form = MoveRequestForm()
        move_request_form.fields["to_stage"].choices = [
            (move.to_stage, move.label) for move in lifecycle.requestable_moves
        ]
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "can_edit": can_edit_project(request.user, project),
            "lifecycle": lifecycle,
            "move_request_form": move_request_form,
            "history_kind": request.GET.get("history", ""),
        },
    )


def project_create_view(request):
    require_office(request.user)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        project = project_create(by=request.user, **data)
        messages.success(request, _("Project %(code)s created.") % {"code": project.code})
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form})


def project_edit_view(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            project_update(
                project=project,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **data,
            )
        except StaleObjectError as conflict:
            form.add_error(None, conflict)
            return render(
                request,
                "projects/project_form.html",
                {"form": form, "project": project, "conflict_fields": conflict.changed_fields},
                status=409,
            )
        messages.success(request, _("Project %(code)s saved.") % {"code": project.code})
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def attention_problems_view(request):
    """All problems needing attention (overdue or high/critical), filtered like the portfolio list."""
    require_portfolio_reader(request.user)
    today = timezone.localdate()
    filters = request.GET.copy()
    filters.pop("ordering", None)
    project_filter = ProjectFilter(filters, queryset=project_list(user=request.user))
    problems = attention_problems(projects=project_filter.qs, today=today)
    page = Paginator(problems, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/attention_problems.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filter": project_filter,
            "conditions": overdue_conditions(projects=project_filter.qs, today=today),
        },
    )
