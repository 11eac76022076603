from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.validation import parse_id
from projects.permissions import require_office
from projects.services.errors import StaleObjectError

from . import services
from .evidence import evidence_add
from .forms import (
    AssignForm,
    CycleForm,
    DeclarationForm,
    EvidenceForm,
    IndicatorEditForm,
    ReviewForm,
    TemplateCopyForm,
)
from .models import Assessment, AssessmentCycle, Indicator, IndicatorTemplate
from .permissions import (
    get_assessment_for_user,
    get_evidence_for_user,
    require_portal_user,
    require_results_reader,
)
from .selectors import cycle_ranking

# The evaluator portal lists an agency's assignments a page at a time: thousands at provincial scale.
PORTAL_PAGE_SIZE = 50


def _form_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def portal(request):
    """Evaluators: their agency's assignments. Office and leadership: the cycles."""
    require_portal_user(request.user)
    if request.user.is_evaluator:
        ordering = ("due_on", "project__code")
        # Page over the narrow ids, then join the page's 50 rows: sorting thousands of assignments
        # joined to every related row is what made the portal slow at provincial scale.
        ids = Assessment.objects.visible_to(request.user).order_by(*ordering).values("pk")
        page = Paginator(ids, PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
        assessments = Assessment.objects.filter(pk__in=page.object_list).with_relations().order_by(*ordering)
        return render(
            request,
            "evaluations/portal.html",
            {"agency": request.user.agency, "assessments": assessments, "page": page},
        )
    cycles = AssessmentCycle.objects.select_related("template").order_by("-year", "-created_at")
    return render(request, "evaluations/cycle_list.html", {"cycles": cycles})


def cycle_create(request):
    require_office(request.user)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("evaluations:cycle", cycle.pk)
    return render(request, "evaluations/cycle_form.html", {"form": form})


def _cycle_page(request, cycle, assign_form, status=200):
    first_levels, ranking = cycle_ranking(cycle=cycle)
    assessments = cycle.assessments.select_related("project", "agency").order_by("project__code")
    return render(
        request,
        "evaluations/cycle_detail.html",
        {
            "cycle": cycle,
            "assessments": assessments,
            "first_levels": first_levels,
            "ranking": ranking,
            "assign_form": assign_form,
        },
        status=status,
    )


def cycle_detail(request, pk):
    require_results_reader(request.user)
    cycle = get_object_or_404(AssessmentCycle.objects.select_related("template"), pk=pk)
    return _cycle_page(request, cycle, AssignForm() if request.user.is_office else None)


@require_POST
def cycle_assign(request, pk):
    require_office(request.user)
    cycle = get_object_or_404(AssessmentCycle.objects.select_related("template"), pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_assign_many(
                cycle=cycle,
                projects=form.cleaned_data["projects"],
                agency=form.cleaned_data["agency"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Assigned."))
            return redirect("evaluations:cycle", cycle.pk)
    return _cycle_page(request, cycle, form, status=400)


@require_POST
def cycle_close(request, pk):
    require_office(request.user)
    cycle = get_object_or_404(AssessmentCycle, pk=pk)
    try:
        services.cycle_close(cycle=cycle, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The cycle is closed. Its assessment-cycle report is being built into the reports archive."),
        )
    return redirect("evaluations:cycle", cycle.pk)


def _scoring_rows(assessment, typed=None, errors=None):
    """The template's indicators in order, each leaf with its score, comment and any error."""
    typed, errors = typed or {}, errors or {}
    scores = {s.indicator_id: s for s in assessment.scores.all()}
    rows = []
    for indicator in assessment.cycle.template.indicators.order_by("order"):
        score = scores.get(indicator.pk)
        value, comment = typed.get(
            indicator.pk,
            ("" if score is None or score.value is None else score.value, score.comment if score else ""),
        )
        rows.append(
            {"indicator": indicator, "value": value, "comment": comment, "error": errors.get(indicator.pk)}
        )
    return rows


def _assessment_page(request, assessment, *, typed=None, errors=None, status=200, **extra):
    user = request.user
    context = {
        "assessment": assessment,
        "rows": _scoring_rows(assessment, typed, errors),
        "rounds": assessment.rounds.select_related("submitted_by", "decided_by"),
        "evidence": assessment.evidence.select_related("indicator"),
        "can_score": user.is_evaluator and assessment.is_editable,
        "can_review": user.is_office and assessment.status == "submitted",
        "declaration_form": DeclarationForm()
        if user.is_evaluator and assessment.status == "assigned"
        else None,
        "evidence_form": EvidenceForm(),
        "review_form": ReviewForm(),
        "version": assessment.version,
    } | extra
    return render(request, "evaluations/assessment_detail.html", context, status=status)


def assessment_detail(request, pk):
    require_portal_user(request.user)
    return _assessment_page(request, get_assessment_for_user(request.user, pk))


@require_POST
def assessment_declare(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    form = DeclarationForm(request.POST)
    form.is_valid()
    try:
        services.assessment_declare_no_conflict(
            assessment=assessment, by=request.user, declared=form.cleaned_data.get("declared", False)
        )
    except ValidationError as error:
        _form_error(form, error)
        return _assessment_page(request, assessment, declaration_form=form, status=400)
    return redirect("evaluations:assessment", assessment.pk)


@require_POST
def assessment_save(request, pk):
    """Save the draft; with action=submit, submit it afterwards. Typed values are never lost."""
    assessment = get_assessment_for_user(request.user, pk)
    if not request.user.is_evaluator:
        raise PermissionDenied
    raw = {
        leaf.pk: (request.POST.get(f"score_{leaf.pk}", ""), request.POST.get(f"comment_{leaf.pk}", ""))
        for leaf in assessment.cycle.template.indicators.filter(is_leaf=True)
    }
    cleaned, errors = services.parse_scores(assessment=assessment, raw=raw)
    if errors:
        return _assessment_page(
            request,
            assessment,
            typed=raw,
            errors=errors,
            status=400,
            page_error=_("Some scores are not valid; nothing was saved. Correct the marked fields."),
        )
    try:
        expected_version = int(request.POST.get("version", ""))
    except ValueError:
        expected_version = 0
    try:
        services.assessment_save_draft(
            assessment=assessment, by=request.user, expected_version=expected_version, scores=cleaned
        )
    except StaleObjectError:
        assessment.refresh_from_db()
        return _assessment_page(
            request,
            assessment,
            typed=raw,
            status=409,
            version=expected_version,
            page_error=_(
                "This draft was saved in another window or tab after you opened it. Your entries below were "
                "NOT saved. Reload the page to see the saved draft, then enter your changes again."
            ),
        )
    except ValidationError as error:
        return _assessment_page(
            request, assessment, typed=raw, status=400, page_error=" ".join(error.messages)
        )
    if request.POST.get("action") == "submit":
        try:
            services.assessment_submit(assessment=assessment, by=request.user)
        except ValidationError as error:
            assessment.refresh_from_db()
            return _assessment_page(
                request,
                assessment,
                status=400,
                page_error=_("Draft saved, but not submitted: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
        messages.success(request, _("Submitted to the office for review."))
    else:
        messages.success(request, _("Draft saved."))
    return redirect("evaluations:assessment", assessment.pk)


@require_POST
def evidence_upload(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if not request.user.is_evaluator:
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        indicator = None
        if request.POST.get("indicator"):
            indicator_id = parse_id(request.POST["indicator"])
            indicator = indicator_id and (
                Indicator.objects.filter(pk=indicator_id, template=assessment.cycle.template_id).first()
            )
            if not indicator:
                form.add_error(None, _("Choose one of this assessment's indicators, or none."))
                return _assessment_page(request, assessment, evidence_form=form, status=400)
        try:
            evidence_add(
                assessment=assessment, by=request.user, upload=form.cleaned_data["file"], indicator=indicator
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect("evaluations:assessment", assessment.pk)
    return _assessment_page(request, assessment, evidence_form=form, status=400)


def evidence_download(request, pk):
    require_portal_user(request.user)
    evidence = get_evidence_for_user(request.user, pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def assessment_review(request, pk):
    require_office(request.user)
    assessment = get_assessment_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.assessment_accept(assessment=assessment, by=request.user)
            else:
                services.assessment_return(
                    assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
                )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("evaluations:assessment", assessment.pk)
    return _assessment_page(request, assessment, review_form=form, status=400)


def template_list(request):
    require_results_reader(request.user)
    templates = IndicatorTemplate.objects.with_use().order_by("family", "-version")
    return render(request, "evaluations/template_list.html", {"templates": templates})


def _editor_forms(template, data=None):
    return [
        (
            indicator,
            IndicatorEditForm(
                data,
                prefix=str(indicator.pk),
                initial={
                    "name": indicator.name,
                    "points": indicator.points,
                    "method": indicator.method,
                    "key_points": indicator.key_points,
                },
            ),
        )
        for indicator in template.indicators.order_by("order")
    ]


def template_detail(request, pk):
    require_results_reader(request.user)
    template = get_object_or_404(IndicatorTemplate.objects.with_use(), pk=pk)
    return render(
        request,
        "evaluations/template_detail.html",
        {
            "template": template,
            "indicators": template.indicators.order_by("order"),
            "copy_form": TemplateCopyForm(),
        },
    )


def _require_office_admin(user):
    if not user.is_office_admin:
        raise PermissionDenied


def template_edit(request, pk):
    _require_office_admin(request.user)
    template = get_object_or_404(IndicatorTemplate.objects.with_use(), pk=pk)
    rows = _editor_forms(template, request.POST or None)
    page_error = None
    if request.method == "POST" and all(form.is_valid() for _indicator, form in rows):
        changes = {}
        for indicator, form in rows:
            fields = {"name": form.cleaned_data["name"], "key_points": form.cleaned_data["key_points"]}
            if indicator.is_leaf:
                fields |= {"points": form.cleaned_data["points"], "method": form.cleaned_data["method"]}
            changes[indicator.pk] = fields
        try:
            saved = services.template_update(template=template, changes=changes, by=request.user)
        except ValidationError as error:
            page_error = " ".join(error.messages)
        else:
            if saved.pk != template.pk:
                messages.info(
                    request,
                    _("The template was in use, so your changes were saved as version %(v)s.")
                    % {"v": saved.version},
                )
            return redirect("evaluations:template", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "evaluations/template_edit.html",
        {"template": template, "rows": rows, "page_error": page_error},
        status=status,
    )


@require_POST
def template_copy(request, pk):
    _require_office_admin(request.user)
    template = get_object_or_404(IndicatorTemplate.objects.with_use(), pk=pk)
    form = TemplateCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.template_copy(template=template, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("evaluations:template_edit", copy.pk)
    return render(
        request,
        "evaluations/template_detail.html",
        {"template": template, "indicators": template.indicators.order_by("order"), "copy_form": form},
        status=400,
    )
