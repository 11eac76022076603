from decimal import Decimal

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_office, require_office_admin
from core.excel import XLSX_CONTENT_TYPE
from core.forms import add_service_error
from core.page_cache import cached_page
from core.validation import parse_id
from core.versioning import StaleObjectError

from . import services
from .evidence import evidence_add
from .excel import published_table_bytes
from .excel_import import read_published_table, specs_from_data, specs_to_data, table_specs
from .forms import (
    AssignForm,
    CycleForm,
    DeclarationForm,
    EvidenceForm,
    IndicatorRowForm,
    ReviewForm,
    TemplateCopyForm,
    TemplateDetailsForm,
    TemplateImportForm,
)
from .models import Assessment, AssessmentCycle, AssessmentStatus, Indicator, IndicatorTemplate, ScoringMethod
from .permissions import (
    get_assessment_for_user,
    get_cycle_for_user,
    get_evidence_for_user,
    get_indicator_template_for_user,
    require_portal_user,
    require_results_reader,
)
from .scoring import BAND_LABELS
from .selectors import cycle_ranking, indicator_losses, project_self_scores, score_summary
from .services import templates as template_services

BANDS_CHOICES = list(BAND_LABELS.items())

# The evaluator portal lists an agency's assignments a page at a time: thousands at provincial scale.
PORTAL_PAGE_SIZE = 50


@cached_page
def portal(request):
    """Evaluators: their agency's assignments. Office and leadership: the cycles."""
    require_portal_user(request.user)
    if request.user.is_evaluator or request.user.is_liaison:
        ordering = ("due_on", "project__code")
        # Page over the narrow ids, then join the page's 50 rows: sorting thousands of assignments
        # joined to every related row is what made the portal slow at provincial scale.
        ids = Assessment.objects.visible_to(request.user).order_by(*ordering).values("pk")
        page = Paginator(ids, PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
        assessments = Assessment.objects.filter(pk__in=page.object_list).with_relations().order_by(*ordering)
        return render(
            request,
            "evaluations/portal.html",
            {
                "agency": request.user.agency,
                "department": request.user.department if request.user.is_liaison else None,
                "assessments": assessments,
                "page": page,
            },
        )
    cycles = AssessmentCycle.objects.select_related("template").order_by("-year", "-created_at")
    losses = indicator_losses(cycles=AssessmentCycle.objects.all())
    return render(request, "evaluations/cycle_list.html", {"cycles": cycles, "losses": losses})


def cycle_create(request):
    require_office(request.user)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("evaluations:cycle", cycle.pk)
    return render(request, "evaluations/cycle_form.html", {"form": form})


def _cycle_page(request, cycle, assign_form, status=200):
    first_levels, ranking = cycle_ranking(cycle=cycle)
    assessments = cycle.assessments.select_related("project__lead_department", "agency").order_by(
        "project__code"
    )
    return render(
        request,
        "evaluations/cycle_detail.html",
        {
            "cycle": cycle,
            "assessments": assessments,
            "first_levels": first_levels,
            "ranking": ranking,
            "losses": indicator_losses(cycles=[cycle]),
            "assign_form": assign_form,
        },
        status=status,
    )


def cycle_detail(request, pk):
    cycle = get_cycle_for_user(request.user, pk)
    return _cycle_page(request, cycle, AssignForm() if request.user.is_office else None)


@require_POST
def cycle_assign(request, pk):
    cycle = get_cycle_for_user(request.user, pk, write=True)
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
            add_service_error(form, error)
        else:
            messages.success(request, _("Assigned."))
            return redirect("evaluations:cycle", cycle.pk)
    return _cycle_page(request, cycle, form, status=400)


@require_POST
def cycle_close(request, pk):
    cycle = get_cycle_for_user(request.user, pk, write=True)
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


ROW_POST_FIELDS = {
    "value": "score",
    "comment": "comment",
    "actual": "actual",
    "actual_text": "actual_text",
    "shortfalls": "shortfalls",
    "band": "band",
    "deviation": "deviation",
    "override_reason": "reason",
}


def _posted_rows(post, leaves) -> dict[int, dict]:
    """The scoring form's fields (``score_12``, ``actual_12`` …) → the rows services take."""
    return {
        leaf.pk: {key: post.get(f"{name}_{leaf.pk}", "") for key, name in ROW_POST_FIELDS.items()}
        for leaf in leaves
    }


def _typed_by_hand(score) -> bool:
    """Whether a stored score was typed (and so goes back in the score field), rather than
    calculated from the actual value, the shortcomings or the project's figures."""
    method = score.indicator.method
    if score.override_reason or method not in (ScoringMethod.PROPORTIONAL, ScoringMethod.DEDUCTION):
        return True
    if method == ScoringMethod.DEDUCTION:
        return score.shortfalls is None
    return score.actual is None and not score.computed


def _stored_rows(scores: dict) -> dict[int, dict]:
    def text(value):
        # 114.0000 is shown as 114: the four decimals are storage, not what anyone typed.
        if value is None:
            return ""
        return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)

    return {
        pk: {
            "value": text(s.value) if _typed_by_hand(s) else "",
            "comment": s.comment,
            "actual": text(s.actual),
            "actual_text": s.actual_text,
            "shortfalls": text(s.shortfalls),
            "band": s.band,
            "deviation": s.deviation,
            "override_reason": s.override_reason,
        }
        for pk, s in scores.items()
    }


def _scoring_rows(assessment, typed=None, errors=None, *, live: bool):
    """The template's indicators in order; each leaf with what was typed (or stored), the score
    its method gives, the project's figures for a computed row, and any error. ``live`` scores
    the rows now (while editable); otherwise the stored scores and figures are shown as saved."""
    scores = {s.indicator_id: s for s in assessment.scores.select_related("indicator")}
    indicators = list(assessment.cycle.template.indicators.order_by("order"))
    leaves = [i for i in indicators if i.is_leaf]
    inputs = typed if typed is not None else _stored_rows(scores)
    results, errors = ({}, errors or {})
    computed = {}
    if live:
        computed = services.assessment_computed(assessment=assessment, leaves=leaves)
        results, live_errors = services.parse_scores(assessment=assessment, raw=inputs, computed=computed)
        errors = errors or live_errors
    rows = []
    for indicator in indicators:
        score = scores.get(indicator.pk)
        result = results.get(indicator.pk)
        figures = computed.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "inputs": inputs.get(indicator.pk, {}),
                "score": score,
                "value": result.value if result else (score.value if score else None),
                "calculated": result.calculated if result else None,
                "figures": figures.as_json() if figures else (score.computed if score else {}),
                "error": errors.get(indicator.pk),
            }
        )
    summary = (
        score_summary(template=assessment.cycle.template, results=results, errors=errors) if live else None
    )
    return rows, summary


def _assessment_page(request, assessment, *, typed=None, errors=None, status=200, **extra):
    user = request.user
    can_score = services.can_score(user, assessment) and assessment.is_editable
    rows, summary = _scoring_rows(assessment, typed, errors, live=can_score)
    self_scores = (
        None
        if assessment.is_self or user.is_evaluator
        else project_self_scores(project=assessment.project, year=assessment.cycle.year)
    )
    if self_scores is not None:
        for row in rows:
            row["self_score"] = self_scores.get(row["indicator"].name)
    context = {
        "assessment": assessment,
        "rows": rows,
        "summary": summary,
        "bands": BANDS_CHOICES,
        "rounds": assessment.rounds.select_related("submitted_by", "decided_by"),
        "evidence": assessment.evidence.select_related("indicator"),
        "can_score": can_score,
        "can_review": user.is_office and assessment.status == AssessmentStatus.SUBMITTED,
        "declaration_form": DeclarationForm()
        if user.is_evaluator and assessment.status == AssessmentStatus.ASSIGNED and not assessment.is_self
        else None,
        "self_scores": self_scores,
        "evidence_form": EvidenceForm(),
        "review_form": ReviewForm(),
        "version": assessment.version,
    } | extra
    return render(request, "evaluations/assessment_detail.html", context, status=status)


@require_POST
def assessment_preview(request, pk):
    """While scoring: the running total, the grade it would give, the empty rows and each row's
    calculated score, from what is typed now (nothing is saved). htmx swaps the parts in place."""
    assessment = get_assessment_for_user(request.user, pk)
    if not (services.can_score(request.user, assessment) and assessment.is_editable):
        raise PermissionDenied
    leaves = assessment.cycle.template.indicators.filter(is_leaf=True)
    rows, summary = _scoring_rows(assessment, _posted_rows(request.POST, leaves), live=True)
    return render(
        request,
        "evaluations/_score_preview.html",
        {"assessment": assessment, "rows": rows, "summary": summary},
    )


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
        add_service_error(form, error)
        return _assessment_page(request, assessment, declaration_form=form, status=400)
    return redirect("evaluations:assessment", assessment.pk)


@require_POST
def assessment_save(request, pk):
    """Save the draft; with action=submit, submit it afterwards. Typed values are never lost."""
    assessment = get_assessment_for_user(request.user, pk)
    if not services.can_score(request.user, assessment):
        raise PermissionDenied
    raw = _posted_rows(request.POST, assessment.cycle.template.indicators.filter(is_leaf=True))
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
        saved = services.assessment_save(
            assessment=assessment,
            by=request.user,
            expected_version=expected_version,
            scores=cleaned,
            submit=request.POST.get("action") == "submit",
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
    if saved.not_submitted is not None:
        assessment.refresh_from_db()
        return _assessment_page(
            request,
            assessment,
            status=400,
            page_error=_("Draft saved, but not submitted: %(reason)s")
            % {"reason": " ".join(saved.not_submitted.messages)},
        )
    messages.success(
        request, _("Submitted to the office for review.") if saved.submitted else _("Draft saved.")
    )
    return redirect("evaluations:assessment", assessment.pk)


@require_POST
def evidence_upload(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if not services.can_score(request.user, assessment):
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
            add_service_error(form, error)
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
                accepted = services.assessment_accept(assessment=assessment, by=request.user)
                done = _("Accepted: total score %(total)s, grade %(grade)s.") % {
                    "total": accepted.total,
                    "grade": accepted.get_grade_display(),
                }
            else:
                services.assessment_return(
                    assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
                )
                done = _("Returned to the agency with your reasons.")
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("evaluations:assessment", assessment.pk)
    return _assessment_page(request, assessment, review_form=form, status=400)


def template_list(request):
    require_results_reader(request.user)
    templates = IndicatorTemplate.objects.with_use().order_by("family", "-version")
    return render(request, "evaluations/template_list.html", {"templates": templates})


def template_detail(request, pk):
    template = get_indicator_template_for_user(request.user, pk)
    return render(
        request,
        "evaluations/template_detail.html",
        {
            "template": template,
            "indicators": template.indicators.order_by("order"),
            "copy_form": TemplateCopyForm(),
        },
    )


def _editor_context(template, *, bound: dict | None = None, page_errors=None, details_form=None):
    """The tree with one form per row (``bound`` holds a row that came back with errors), the
    running total and what still stops the template from being complete."""
    bound = bound or {}
    nodes = list(template.indicators.order_by("order"))
    totals = template_services.template_totals(template=template, nodes=nodes)
    for node in nodes:
        node.subtotal = totals.subtotals.get(node.pk, Decimal("0"))
    rows = [(node, bound.get(node.pk) or IndicatorRowForm.for_indicator(node)) for node in nodes]
    return {
        "template": template,
        "rows": rows,
        "nodes": nodes,
        "totals": totals,
        "page_errors": page_errors or [],
        "details_form": details_form
        or TemplateDetailsForm(
            initial={
                "name": template.name,
                "declared_total": template.declared_total,
                "description": template.description,
            },
            prefix="t",
        ),
    }


def _node(template, pk):
    return get_object_or_404(Indicator, template=template, pk=pk) if pk else None


def _editor_post(request, template) -> tuple[dict, list, object]:
    """Carry out one editor operation; returns (rows with errors, page errors, details form)."""
    data = request.POST
    # Buttons post "action"; a change of a field (or Enter) posts the row's hidden op=save.
    op = data.get("action") or data.get("op", "")
    bound, page_errors, details_form = {}, [], None
    try:
        if op == "save":
            node = _node(template, data.get("row"))
            form = IndicatorRowForm.for_indicator(node, data)
            if not form.is_valid():
                bound[node.pk] = form
            else:
                try:
                    template_services.indicator_update(indicator=node, **form.cleaned_data)
                except ValidationError as error:
                    add_service_error(form, error)
                    bound[node.pk] = form
        elif op == "add":
            template_services.indicator_add(
                template=template, parent=_node(template, data.get("row")), name=data.get("new_name", "")
            )
        elif op in ("up", "down"):
            template_services.indicator_shift(
                indicator=_node(template, data.get("row")), step=-1 if op == "up" else 1
            )
        elif op == "move":
            template_services.indicator_move(
                indicator=_node(template, data.get("row")), parent=_node(template, data.get("new_parent"))
            )
        elif op == "delete":
            template_services.indicator_delete(indicator=_node(template, data.get("row")))
        elif op == "details":
            details_form = TemplateDetailsForm(data, prefix="t")
            if details_form.is_valid():
                template_services.template_set_details(template=template, **details_form.cleaned_data)
        elif op == "complete":
            template_services.template_complete(template=template)
        else:
            page_errors.append(_("Unknown operation."))
    except ValidationError as error:
        if details_form is not None:
            add_service_error(details_form, error)
        else:
            page_errors.extend(error.messages)
    return bound, page_errors, details_form


def template_edit(request, pk):
    """The tree editor: one page; each operation posts here, and htmx swaps the editor in place
    (without JavaScript the page reloads). A frozen template offers a new version instead."""
    template = get_indicator_template_for_user(request.user, pk, write=True)
    is_htmx = request.headers.get("HX-Request") == "true"
    bound, page_errors, details_form = {}, [], None
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "new_version":
            new = template_services.template_new_version(template=template, by=request.user)
            messages.info(request, _("Version %(v)s was made as a draft for editing.") % {"v": new.version})
            return redirect("evaluations:template_edit", new.pk)
        if template.is_frozen:
            page_errors = [
                _("This version is used by a cycle and is frozen; make a new version to change it.")
            ]
        else:
            bound, page_errors, details_form = _editor_post(request, template)
            if details_form is not None and details_form.errors:
                page_errors = page_errors or [_("Correct the marked fields.")]
            template.refresh_from_db()
            if request.POST.get("action") == "complete" and not page_errors and not is_htmx:
                messages.success(request, _("The template is complete and can be used by cycles."))
                return redirect("evaluations:template", template.pk)
            if not (bound or page_errors) and not is_htmx:
                return redirect("evaluations:template_edit", template.pk)
        # htmx swaps only successful answers; the errors are in the swapped editor itself.
        status = 400 if (bound or page_errors) and not is_htmx else 200
    context = _editor_context(template, bound=bound, page_errors=page_errors, details_form=details_form)
    name = "evaluations/_tree_editor.html" if is_htmx else "evaluations/template_edit.html"
    return render(request, name, context, status=status)


@require_POST
def template_copy(request, pk):
    template = get_indicator_template_for_user(request.user, pk, write=True)
    form = TemplateCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.template_copy(template=template, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("evaluations:template_edit", copy.pk)
    return render(
        request,
        "evaluations/template_detail.html",
        {"template": template, "indicators": template.indicators.order_by("order"), "copy_form": form},
        status=400,
    )


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def template_export(request, pk):
    """The template in the published layout, as Excel."""
    template = get_indicator_template_for_user(request.user, pk)
    return _xlsx(published_table_bytes(template=template), f"{template.name} v{template.version}.xlsx")


def assessment_export(request, pk):
    """One scored assessment in the published layout (its evaluator, the office, leadership)."""
    require_portal_user(request.user)
    assessment = get_assessment_for_user(request.user, pk)
    content = published_table_bytes(template=assessment.cycle.template, assessment=assessment)
    return _xlsx(content, f"{assessment.project.name} {assessment.cycle.name}.xlsx")


IMPORT_SALT = "evaluations.template_import"


def template_import(request):
    """Import a published 评分表 as a new draft template: upload → preview with every row's
    errors → create. The preview carries the parsed tree signed, so nothing is read twice."""
    require_office_admin(request.user)
    form, preview, errors, signed = TemplateImportForm(), None, [], ""
    status = 200
    if request.method == "POST" and request.POST.get("action") == "create":
        try:
            data = signing.loads(request.POST.get("signed", ""), salt=IMPORT_SALT, max_age=3600)
            template = services.template_create(
                family=data["family"],
                name=data["name"],
                kind=data["kind"],
                indicators=specs_from_data(data["specs"]),
                declared_total=Decimal(data["declared_total"]),
                by=request.user,
                complete=False,
            )
        except signing.BadSignature:
            errors = [_("The preview has expired; upload the file again.")]
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Imported as a draft. Check it and complete it here."))
            return redirect("evaluations:template_edit", template.pk)
        status = 400
    elif request.method == "POST":
        form = TemplateImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            if IndicatorTemplate.objects.filter(family=data["family"]).exists():
                form.add_error("family", _("A template with this code exists already."))
            else:
                try:
                    table = read_published_table(data["file"])
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    errors = table.all_errors
                    if not errors:
                        specs = table_specs(table)
                        declared = table.declared_total or Decimal("100")
                        preview = {"rows": table.rows, "declared": declared}
                        preview["total"] = sum((r.points for r in table.rows), Decimal("0"))
                        signed = signing.dumps(
                            {
                                "family": data["family"],
                                "name": data["name"],
                                "kind": data["kind"],
                                "declared_total": str(declared),
                                "specs": specs_to_data(specs),
                            },
                            salt=IMPORT_SALT,
                        )
        status = 200 if preview else 400
    return render(
        request,
        "evaluations/template_import.html",
        {"form": form, "preview": preview, "errors": errors, "signed": signed},
        status=status,
    )
