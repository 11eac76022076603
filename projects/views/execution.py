"""Pages for execution tracking: annual plans, milestones, problems and timelines."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_office, require_portfolio_reader
from core.validation import year_in_window
from core.versioning import StaleObjectError

from ..execution_forms import AnnualPlanForm, AnnualPlanItemForm, MilestoneForm, ProblemForm
from ..models import AnnualPlan, Milestone, Problem
from ..permissions import get_annual_plan_for_user, get_project_for_user
from ..selectors.execution import key_projects_of_year, project_execution, suggested_order
from ..services.execution import (
    milestone_create,
    milestone_update,
    plan_apply_suggested_order,
    plan_create,
    plan_item_save,
    plan_publish,
    plan_update,
    problem_create,
    problem_update,
)
from ..timelines import portfolio_timeline, project_timeline

CONFLICT = 409


def _data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason")}


def _versioned_edit(request, *, form, save, template, context, success):
    """Run a versioned save; on a conflict re-render with 409, on a rule error show it on the form."""
    try:
        save(expected_version=form.cleaned_data["version"], **_data(form))
    except StaleObjectError as conflict:
        form.add_error(None, conflict)
        context = {**context, "form": form, "conflict_fields": conflict.changed_fields}
        return render(request, template, context, status=CONFLICT)
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, template, {**context, "form": form})
    messages.success(request, success)
    return None


# ---- Milestones -------------------------------------------------------------------------------


def milestone_create_view(request, project_pk):
    project = get_project_for_user(request.user, project_pk, progress=True)
    form = MilestoneForm(request.POST or None, instance=Milestone(project=project))
    context = {"form": form, "project": project, "kind": _("milestone")}
    if request.method == "POST" and form.is_valid():
        milestone_create(project=project, by=request.user, **_data(form))
        messages.success(request, _("Milestone saved."))
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/execution/progress_form.html", context)


def milestone_edit_view(request, project_pk, pk):
    project = get_project_for_user(request.user, project_pk, progress=True)
    milestone = get_object_or_404(project.milestones, pk=pk)
    form = MilestoneForm(request.POST or None, instance=milestone)
    context = {"form": form, "project": project, "kind": _("milestone"), "object": milestone}
    if request.method == "POST" and form.is_valid():
        response = _versioned_edit(
            request,
            form=form,
            save=lambda **kw: milestone_update(milestone=milestone, by=request.user, **kw),
            template="projects/execution/progress_form.html",
            context=context,
            success=_("Milestone saved."),
        )
        return response or redirect("projects:detail", pk=project.pk)
    return render(request, "projects/execution/progress_form.html", context)


# ---- Problems ---------------------------------------------------------------------------------


def problem_create_view(request, project_pk):
    project = get_project_for_user(request.user, project_pk, progress=True)
    form = ProblemForm(request.POST or None, instance=Problem(project=project, raised_by=request.user))
    context = {"form": form, "project": project, "kind": _("problem")}
    if request.method == "POST" and form.is_valid():
        problem = problem_create(project=project, by=request.user, **_data(form))
        messages.success(request, _("Problem recorded."))
        if problem.due_date and problem.due_date < timezone.localdate():
            messages.warning(
                request,
                _("The due date %(date)s is already past: the problem shows as overdue at once.")
                % {"date": problem.due_date.isoformat()},
            )
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/execution/progress_form.html", context)


def problem_edit_view(request, project_pk, pk):
    project = get_project_for_user(request.user, project_pk, progress=True)
    problem = get_object_or_404(project.problems, pk=pk)
    form = ProblemForm(request.POST or None, instance=problem)
    context = {"form": form, "project": project, "kind": _("problem"), "object": problem}
    if request.method == "POST" and form.is_valid():
        response = _versioned_edit(
            request,
            form=form,
            save=lambda **kw: problem_update(problem=problem, by=request.user, **kw),
            template="projects/execution/progress_form.html",
            context=context,
            success=_("Problem saved."),
        )
        return response or redirect("projects:detail", pk=project.pk)
    return render(request, "projects/execution/progress_form.html", context)


# ---- Timelines --------------------------------------------------------------------------------


def project_timeline_view(request, project_pk):
    project = get_project_for_user(request.user, project_pk)
    summary = project_execution(project=project)
    return render(
        request,
        "projects/execution/project_timeline.html",
        {
            "project": project,
            "summary": summary,
            "timeline": project_timeline(project=project, milestones=summary.milestones),
        },
    )


def key_timeline_view(request):
    require_portfolio_reader(request.user)
    plan_years = [year for year in AnnualPlan.objects.values_list("year", flat=True) if year_in_window(year)]
    default_year = plan_years[0] if plan_years else timezone.localdate().year
    try:
        year = int(request.GET.get("year", default_year))
    except ValueError:
        year = default_year
    if not year_in_window(year):
        year = default_year
    rows = key_projects_of_year(year=year, user=request.user)
    return render(
        request,
        "projects/execution/key_timeline.html",
        {
            "year": year,
            "rows": rows,
            "timeline": portfolio_timeline(year=year, rows=rows),
            "plan_years": plan_years,
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


# ---- Annual plans -----------------------------------------------------------------------------


def plan_list_view(request):
    require_portfolio_reader(request.user)
    plans = AnnualPlan.objects.select_related("published_by").annotate(item_count=Count("items"))
    return render(request, "projects/execution/plan_list.html", {"plans": plans})


def plan_detail_view(request, pk):
    plan = get_annual_plan_for_user(request.user, pk)
    items = list(plan.items.select_related("project", "project__lead_department"))
    for rank, item in enumerate(suggested_order(items), start=1):
        item.suggested_rank = rank
    return render(
        request,
        "projects/execution/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "amendments": plan.amendments.select_related("by"),
            "can_manage": request.user.is_office,
        },
    )


def plan_create_view(request):
    require_office(request.user)
    form = AnnualPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = plan_create(year=form.cleaned_data["year"], title=form.cleaned_data["title"])
        messages.success(request, _("Plan created as a draft. Add its projects, then publish it."))
        return redirect("projects:plan_detail", pk=plan.pk)
    return render(request, "projects/execution/plan_form.html", {"form": form})


def plan_edit_view(request, pk):
    plan = get_annual_plan_for_user(request.user, pk, write=True)
    form = AnnualPlanForm(request.POST or None, instance=plan)
    context = {"form": form, "plan": plan}
    if request.method == "POST" and form.is_valid():
        response = _versioned_edit(
            request,
            form=form,
            save=lambda expected_version, title, year: plan_update(
                plan=plan, title=title, expected_version=expected_version
            ),
            template="projects/execution/plan_form.html",
            context=context,
            success=_("Plan saved."),
        )
        return response or redirect("projects:plan_detail", pk=plan.pk)
    return render(request, "projects/execution/plan_form.html", context)


def plan_item_view(request, pk, item_pk=None):
    """Add a project to a plan, or change one; a published plan needs a reason (an amendment)."""
    plan = get_annual_plan_for_user(request.user, pk, write=True)
    item = get_object_or_404(plan.items.select_related("project"), pk=item_pk) if item_pk else None
    form = AnnualPlanItemForm(request.POST or None, instance=item, plan=plan)
    context = {"form": form, "plan": plan, "item": item}
    if request.method == "POST" and form.is_valid():
        try:
            plan_item_save(
                plan=plan,
                by=request.user,
                item=item,
                reason=form.cleaned_data.get("reason", ""),
                **_data(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plan amended.") if plan.is_published else _("Plan saved."))
            return redirect("projects:plan_detail", pk=plan.pk)
    return render(request, "projects/execution/plan_item_form.html", context)


@require_POST
def plan_publish_view(request, pk):
    plan = get_annual_plan_for_user(request.user, pk, write=True)
    try:
        plan_publish(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Plan published. From now on it changes only by amendment."))
    return redirect("projects:plan_detail", pk=plan.pk)


@require_POST
def plan_suggest_order_view(request, pk):
    plan = get_annual_plan_for_user(request.user, pk, write=True)
    try:
        plan_apply_suggested_order(plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Projects ranked easy-first, urgent-first."))
    return redirect("projects:plan_detail", pk=plan.pk)
