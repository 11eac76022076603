from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_office, require_portfolio_reader
from core.excel import xlsx_response
from core.versioning import StaleObjectError

from . import uploads
from .filters import AssessmentResultFilter, BudgetLineFilter, MilestoneFilter, ProblemFilter
from .forms import ImportUploadForm
from .importing import ImportRefusedError, import_confirm, importable_columns, plan_import, read_import
from .reading import MAX_ROWS, ImportFileError, check_workbook_file
from .selectors import export_rows
from .sheets import COLUMNS, IMPORTABLE_KINDS, Kind


def _kind(value: str, *, importable: bool = False) -> Kind:
    kinds = IMPORTABLE_KINDS if importable else Kind
    if value not in [k.value for k in kinds]:
        raise Http404
    return Kind(value)


def exchange_index_view(request):
    require_portfolio_reader(request.user)
    return render(
        request,
        "exchange/index.html",
        {
            "export_forms": [
                _export_form(Kind.BUDGET_LINES, BudgetLineFilter),
                _export_form(Kind.MILESTONES, MilestoneFilter),
                _export_form(Kind.PROBLEMS, ProblemFilter),
                _export_form(Kind.ASSESSMENTS, AssessmentResultFilter),
            ],
            "form": ImportUploadForm() if request.user.is_office else None,
            "importable_kinds": IMPORTABLE_KINDS,
            "max_rows": f"{MAX_ROWS:,}",
        },
    )


def _export_form(kind: Kind, filter_class) -> tuple:
    """An empty filter form whose field ids are unique on a page with several of them."""
    filterset = filter_class()
    filterset.form.auto_id = f"id_{kind.value}_%s"
    return kind.label, kind.value, filterset


def export_view(request, kind):
    require_portfolio_reader(request.user)
    kind = _kind(kind)
    columns = COLUMNS[kind]
    rows = export_rows(kind=kind, user=request.user, params=request.GET)
    return xlsx_response(
        filename=f"{kind.label}-{timezone.localdate():%Y-%m-%d}.xlsx",
        title=str(kind.label),
        headers=[str(column.label) for column in columns],
        rows=([column.value(obj) for column in columns] for obj in rows.iterator(chunk_size=500)),
    )


def import_template_view(request, kind):
    require_office(request.user)
    kind = _kind(kind, importable=True)
    return xlsx_response(
        filename=f"{kind.label}-{_('import template')}.xlsx",
        title=str(kind.label),
        headers=[str(column.label) for column in importable_columns(kind)],
        rows=[],
    )


def import_upload_view(request):
    require_office(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        token, path = uploads.store_upload(uploaded)
        try:
            check_workbook_file(path, filename=uploaded.name)
            read_import(kind=kind, path=path)
        except ImportFileError as error:
            uploads.discard_upload(token)
            form.add_error("file", str(error))
        else:
            uploads.remember(
                request.session, token=token, kind=form.cleaned_data["kind"], filename=uploaded.name
            )
            return redirect("exchange:import_preview", token=token)
    return render(request, "exchange/import_upload.html", {"form": form}, status=400 if form.errors else 200)


def import_preview_view(request, token):
    """GET shows every row with its errors; POST confirms and writes all rows or none."""
    require_office(request.user)
    upload = uploads.recall(request.session, token)
    path = uploads.upload_path(token)
    if upload is None or path is None:
        raise Http404
    kind = Kind(upload["kind"])
    context = {"token": token, "kind": kind, "filename": upload["filename"]}
    try:
        if request.method == "POST":
            plan = import_confirm(kind=kind, path=path, by=request.user)
            uploads.discard_upload(token)
            uploads.forget(request.session, token)
            messages.success(
                request,
                _("Imported: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
                % {
                    "new": plan.count("create"),
                    "changed": plan.count("update"),
                    "unchanged": plan.count("unchanged"),
                },
            )
            return redirect("exchange:index")
        plan = plan_import(kind=kind, path=path)
    except StaleObjectError:
        messages.error(
            request, _("A record in the file was changed by someone else meanwhile; nothing was imported.")
        )
        return redirect("exchange:import_preview", token=token)
    except ImportRefusedError as refused:
        context["plan"] = refused.plan
        context["refused"] = True
        return render(request, "exchange/import_preview.html", context, status=400)
    context["plan"] = plan
    return render(request, "exchange/import_preview.html", context)
