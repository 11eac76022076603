from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import require_office_admin, require_portfolio_reader
from core import glossary
from core.excel import xlsx_response
from core.money import format_wan, round_ratio, to_percent, to_wan
from core.page_cache import cached_page
from core.versioning import StaleObjectError

from ..forms import (
    AdjustmentDecisionForm,
    AdjustmentRequestForm,
    BudgetLineCreateForm,
    BudgetLineEditForm,
    FundingSourceForm,
    SpendingForm,
    SpendingReverseForm,
)
from ..models import FundingSource
from ..permissions import (
    can_edit_project,
    can_update_progress,
    get_budget_adjustment_for_user,
    get_budget_line_for_user,
    get_project_for_user,
    get_spending_record_for_user,
)
from ..selectors.budget import portfolio_budget_summary, project_budget
from ..services import budget as services


def _figure_headers():
    """The export's column names, from the glossary: the same names as on the pages."""
    return [
        _("Approved (10k yuan)"),
        _("Allocated (10k yuan)"),
        _("Spent (10k yuan)"),
        f"{glossary.EXECUTION_RATE}（%）",
        f"{glossary.BUDGET_EXECUTION_RATE}（%）",
        f"{glossary.ALLOCATION_RATE}（%）",
    ]


def _figure_cells(figures):
    return [
        to_wan(figures.approved),
        to_wan(figures.allocated),
        to_wan(figures.spent),
        to_percent(figures.execution_rate),
        to_percent(figures.budget_execution_rate),
        to_percent(figures.allocation_rate),
    ]


def _form_page(request, *, form, title, back, status=200, **extra):
    return render(
        request,
        "projects/budget_form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=status,
    )


def project_budget_view(request, pk):
    project = get_project_for_user(request.user, pk)
    budget = project_budget(project=project)
    if request.GET.get("format") == "xlsx":
        rows = [
            [year.year, line.source.name, *_figure_cells(figures)]
            for year in budget.years
            for line, figures in year.lines
        ]
        rows += [[year.year, _("Year total"), *_figure_cells(year.figures)] for year in budget.years]
        rows.append([_("Total"), "", *_figure_cells(budget.total)])
        return xlsx_response(
            filename=f"{project.code}-budget.xlsx",
            title=project.code,
            headers=[_("Year"), _("Funding source"), *_figure_headers()],
            rows=rows,
        )
    return render(
        request,
        "projects/budget.html",
        {
            "project": project,
            "budget": budget,
            "can_edit": can_edit_project(request.user, project),
            "can_update": can_update_progress(request.user, project),
            "can_decide": request.user.is_office,
        },
    )


def _selected_year(request) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


@cached_page
def portfolio_budget_view(request):
    require_portfolio_reader(request.user)
    summary = portfolio_budget_summary(user=request.user, year=_selected_year(request))
    if request.GET.get("format") == "xlsx":
        rows = [[_("Group"), group.name, *_figure_cells(f)] for group, f in summary.by_group]
        rows += [[_("Funding source"), source.name, *_figure_cells(f)] for source, f in summary.by_source]
        rows.append([_("Total"), "", *_figure_cells(summary.total)])
        rows.append(
            [str(glossary.LEVERAGE), "", round_ratio(summary.total.leverage), None, None, None, None, None]
        )
        year = summary.year or _("all years")
        return xlsx_response(
            filename=f"portfolio-budget-{year}.xlsx",
            title=str(year),
            headers=[_("Breakdown"), _("Name"), *_figure_headers()],
            rows=rows,
        )
    return render(request, "projects/portfolio_budget.html", {"summary": summary})


def budget_line_create_view(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    form = BudgetLineCreateForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_create(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Budget line added."))
            return redirect("projects:budget", pk=project.pk)
    return _form_page(
        request,
        form=form,
        title=_("New budget line for %(code)s") % {"code": project.code},
        back=project,
        project=project,
    )


def budget_line_edit_view(request, line_pk):
    line = get_budget_line_for_user(request.user, line_pk, write=True)
    form = BudgetLineEditForm(request.POST or None, instance=line)
    title = _("Edit budget line %(line)s") % {"line": line}
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.budget_line_update(
                line=line,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **data,
            )
        except StaleObjectError as conflict:
            form.add_error(None, conflict)
            return _form_page(
                request,
                form=form,
                title=title,
                back=line.project,
                project=line.project,
                status=409,
                conflict_fields=conflict.changed_fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Budget line saved."))
            return redirect("projects:budget", pk=line.project_id)
    return _form_page(request, form=form, title=title, back=line.project, project=line.project, line=line)


def spending_create_view(request, line_pk):
    line = get_budget_line_for_user(request.user, line_pk, progress=True)
    form = SpendingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.spending_record(line=line, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Spending recorded."))
            return redirect("projects:budget", pk=line.project_id)
    return _form_page(
        request,
        form=form,
        title=_("Record spending on %(line)s") % {"line": line},
        back=line.project,
        project=line.project,
        line=line,
    )


def spending_reverse_view(request, spending_pk):
    """Correct a wrong spending entry with a reversing entry and a reason; nothing is deleted."""
    record = get_spending_record_for_user(request.user, spending_pk)
    line = get_budget_line_for_user(request.user, record.line_id, progress=True)
    form = SpendingReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.spending_reverse(record=record, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The spending entry is reversed; both entries stay on the record."))
            return redirect("projects:budget", pk=line.project_id)
    return _form_page(
        request,
        form=form,
        title=_("Reverse the spending of %(amount)s 10k yuan on %(date)s")
        % {"amount": format_wan(record.amount), "date": record.spent_on.isoformat()},
        back=line.project,
        project=line.project,
        line=line,
        status=400 if form.errors else 200,
    )


def adjustment_request_view(request, line_pk):
    line = get_budget_line_for_user(request.user, line_pk, progress=True)
    form = AdjustmentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjustment_request(line=line, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Adjustment requested; the approved amount changes once it is approved.")
            )
            return redirect("projects:budget", pk=line.project_id)
    return _form_page(
        request,
        form=form,
        title=_("Request an adjustment of %(line)s") % {"line": line},
        back=line.project,
        project=line.project,
        line=line,
    )


def adjustment_decide_view(request, adjustment_pk):
    adjustment = get_budget_adjustment_for_user(request.user, adjustment_pk, write=True)
    project = adjustment.line.project
    form = AdjustmentDecisionForm(request.POST or None)
    title = _("Decide on the adjustment of %(line)s") % {"line": adjustment.line}
    if request.method == "POST" and form.is_valid():
        try:
            services.adjustment_decide(
                adjustment=adjustment,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except StaleObjectError as conflict:
            form.add_error(None, conflict)
            return _form_page(
                request,
                form=form,
                title=title,
                back=project,
                project=project,
                adjustment=adjustment,
                status=409,
            )
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Adjustment decided."))
            return redirect("projects:budget", pk=project.pk)
    return _form_page(request, form=form, title=title, back=project, project=project, adjustment=adjustment)


def funding_source_list_view(request):
    require_office_admin(request.user)
    return render(request, "projects/funding_sources.html", {"sources": FundingSource.objects.all()})


def funding_source_edit_view(request, source_pk=None):
    require_office_admin(request.user)
    source = get_object_or_404(FundingSource, pk=source_pk) if source_pk else FundingSource()
    form = FundingSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        services.funding_source_save(source=form.save(commit=False))
        messages.success(request, _("Funding source saved."))
        return redirect("projects:funding_sources")
    return _form_page(
        request,
        form=form,
        title=_("Edit funding source") if source_pk else _("New funding source"),
        back=None,
    )
