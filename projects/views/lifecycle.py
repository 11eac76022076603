"""Stage moves, move requests, approval reviews and the pipeline. Rules live in services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_office, require_portfolio_reader
from core.forms import add_service_error

from ..lifecycle_forms import (
    ConditionMetForm,
    ConditionWaiveForm,
    MoveForm,
    MoveRequestDecisionForm,
    MoveRequestForm,
    OpinionForm,
    ReviewDecisionForm,
)
from ..models import Project
from ..permissions import (
    get_move_request_for_user,
    get_project_for_user,
    get_review_condition_for_user,
    get_review_for_user,
)
from ..selectors.lifecycle import pipeline, project_timeline, timeline_kinds
from ..services.lifecycle import project_move
from ..services.move_requests import (
    can_request_move,
    move_request_carry_out,
    move_request_create,
    move_request_decline,
)
from ..services.reviews import (
    condition_mark_met,
    condition_waive,
    review_add_opinion,
    review_decide,
    review_open,
)


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def pipeline_view(request):
    require_portfolio_reader(request.user)
    return render(
        request,
        "projects/pipeline.html",
        {"columns": pipeline(projects=Project.objects.visible_to(request.user))},
    )


@require_POST
def move_view(request, pk):
    project = get_project_for_user(request.user, pk)
    require_office(request.user)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a stage to move to."))
        return redirect("projects:detail", pk=pk)
    try:
        transition = project_move(
            project=project,
            to_stage=form.cleaned_data["to_stage"],
            by=request.user,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
            on=form.cleaned_data["on"],
        )
    except ValidationError as refused:
        _report(request, refused)
        return redirect("projects:detail", pk=pk)
    messages.success(request, _("Moved to “%(stage)s”.") % {"stage": transition.get_to_stage_display()})
    return redirect("projects:detail", pk=pk)


@require_POST
def move_request_view(request, pk):
    project = get_project_for_user(request.user, pk)
    if not can_request_move(request.user, project):
        raise PermissionDenied
    form = MoveRequestForm(request.POST)
    if form.is_valid():
        try:
            move_request_create(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            _report(request, refused)
        else:
            messages.success(request, _("Your request was sent to the office."))
    else:
        messages.error(request, _("Choose a stage and give a reason."))
    return redirect("projects:detail", pk=pk)


@require_POST
def move_request_decide_view(request, request_pk):
    move_request = get_move_request_for_user(request.user, request_pk, write=True)
    form = MoveRequestDecisionForm(request.POST)
    pk = move_request.project_id
    if not form.is_valid():
        messages.error(request, _("Choose to carry out or decline the request."))
        return redirect("projects:detail", pk=pk)
    note = form.cleaned_data["decision_note"]
    try:
        if form.cleaned_data["action"] == "carry_out":
            move_request_carry_out(request=move_request, by=request.user, note=note)
            messages.success(request, _("The requested move was carried out."))
        else:
            move_request_decline(request=move_request, by=request.user, note=note)
            messages.success(request, _("The request was declined."))
    except ValidationError as refused:
        _report(request, refused)
    except PermissionDenied:
        messages.error(request, _("Your role may not make this move."))
    return redirect("projects:detail", pk=pk)


@require_POST
def review_open_view(request, pk):
    project = get_project_for_user(request.user, pk)
    require_office(request.user)
    try:
        review = review_open(project=project, by=request.user)
    except ValidationError as refused:
        _report(request, refused)
        return redirect("projects:detail", pk=pk)
    messages.success(request, _("Review round %(no)s opened.") % {"no": review.round_no})
    return redirect("projects:review_opinion", review_pk=review.pk)


def _form_page(request, *, form, review, title, status=200):
    return render(
        request, "projects/review_form.html", {"form": form, "review": review, "title": title}, status=status
    )


def review_opinion_view(request, review_pk):
    review = get_review_for_user(request.user, review_pk, write=True)
    form = OpinionForm(request.POST or None)
    title = _("Record a review opinion")
    if request.method == "POST" and form.is_valid():
        try:
            review_add_opinion(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
            return _form_page(request, form=form, review=review, title=title, status=400)
        messages.success(request, _("Opinion recorded."))
        return redirect("projects:detail", pk=review.project_id)
    return _form_page(request, form=form, review=review, title=title)


def review_decide_view(request, review_pk):
    review = get_review_for_user(request.user, review_pk, write=True)
    form = ReviewDecisionForm(request.POST or None)
    title = _("Decide the review round")
    if request.method == "POST" and form.is_valid():
        try:
            review_decide(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            add_service_error(form, refused)
            return _form_page(request, form=form, review=review, title=title, status=400)
        messages.success(request, _("Decision recorded."))
        return redirect("projects:detail", pk=review.project_id)
    return _form_page(request, form=form, review=review, title=title)


def condition_met_view(request, condition_pk):
    condition = get_review_condition_for_user(request.user, condition_pk, write=True)
    form = ConditionMetForm(request.POST or None)
    title = _("Mark a condition as met")
    if request.method == "POST" and form.is_valid():
        try:
            condition_mark_met(condition=condition, by=request.user, note=form.cleaned_data["met_note"])
        except ValidationError as refused:
            form.add_error(None, refused)
            return _form_page(request, form=form, review=condition.review, title=title, status=400)
        messages.success(request, _("Condition marked as met."))
        return redirect("projects:detail", pk=condition.review.project_id)
    return _form_page(request, form=form, review=condition.review, title=title)


def condition_waive_view(request, condition_pk):
    """The office no longer requires a condition; it says why, and the condition stops blocking."""
    condition = get_review_condition_for_user(request.user, condition_pk, write=True)
    form = ConditionWaiveForm(request.POST or None)
    title = _("Waive a condition")
    if request.method == "POST" and form.is_valid():
        try:
            condition_waive(condition=condition, by=request.user, reason=form.cleaned_data["waived_reason"])
        except ValidationError as refused:
            form.add_error(None, refused)
            return _form_page(request, form=form, review=condition.review, title=title, status=400)
        messages.success(request, _("Condition waived."))
        return redirect("projects:detail", pk=condition.review.project_id)
    return _form_page(request, form=form, review=condition.review, title=title)


def project_history_view(request, pk):
    """Every traced change of the project and its records, narrowed by ``?history=kind``. The
    project page loads it with htmx into its lifecycle panel; without JavaScript it is a page."""
    project = get_project_for_user(request.user, pk)
    kinds = timeline_kinds()
    kind = request.GET.get("history", "")
    if kind not in dict(kinds):
        kind = ""
    context = {
        "project": project,
        "timeline": project_timeline(project=project, kind=kind),
        "timeline_kinds": kinds,
        "history_kind": kind,
    }
    template = (
        "projects/_history_panel.html"
        if request.headers.get("HX-Request")
        else "projects/project_history.html"
    )
    return render(request, template, context)
