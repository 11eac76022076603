import datetime
from decimal import Decimal

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import require_office, require_office_or_liaison, require_portfolio_reader
from core.forms import add_service_error

from .charts import trend_svg
from .forms import ImportForm, IndicatorFilterForm, IndicatorForm, ObservationForm
from .importing import HEADER_HELP, HEADERS, WorkbookError, read_rows, template_workbook
from .models import Indicator
from .permissions import get_indicator_for_user, require_entry
from .selectors import indicator_detail, indicator_list, indicator_projects, status_counts
from .services import ImportRow, indicator_save, may_enter_observations, observation_add, observations_check
from .services import observations_import as import_rows
from .status import GRACE_DAYS, Status

IMPORT_SALT = "indicators.import"
IMPORT_MAX_AGE = 3600


@require_GET
def indicator_list_view(request):
    require_portfolio_reader(request.user)
    form = IndicatorFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) or {}
    rows = indicator_list(dimension=data.get("dimension", ""), status=data.get("status", ""))
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "form": form,
            "rows": rows,
            "counts": status_counts(rows),
            "is_office": request.user.is_office,
            "may_import": request.user.is_office or request.user.is_liaison,
        },
    )


@require_GET
def indicator_detail_view(request, pk):
    try:
        row = indicator_detail(pk=pk, user=request.user)
    except Indicator.DoesNotExist as missing:
        raise Http404 from missing
    indicator = row.indicator
    observations = list(indicator.observations.all())
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "row": row,
            "indicator": indicator,
            "observations": list(reversed(observations)),
            "chart": trend_svg(indicator, observations),
            "links": indicator_projects(indicator=indicator),
            "may_enter": may_enter_observations(request.user, indicator),
            "is_office": request.user.is_office,
            "grace_days": GRACE_DAYS,
            "statuses": Status,
        },
    )


def _indicator_form_view(request, indicator):
    require_office(request.user)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in IndicatorForm.Meta.fields}
        try:
            saved = indicator_save(
                indicator=indicator, by=request.user, projects=form.cleaned_data["projects"], **fields
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("indicators:detail", pk=saved.pk)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


def indicator_create_view(request):
    return _indicator_form_view(request, None)


def indicator_edit_view(request, pk):
    indicator = get_indicator_for_user(request.user, pk)
    return _indicator_form_view(request, indicator)


def observation_create_view(request, pk):
    indicator = get_indicator_for_user(request.user, pk)
    require_entry(request.user, indicator)
    form = ObservationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            observation_add(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Value saved."))
            return redirect("indicators:detail", pk=indicator.pk)
    return render(request, "indicators/observation_form.html", {"form": form, "indicator": indicator})


def _encode(rows: list[ImportRow]) -> str:
    return signing.dumps(
        [
            [r.number, r.code, r.observed_on.isoformat(), str(r.value), r.bound, r.source, r.note]
            for r in rows
        ],
        salt=IMPORT_SALT,
        compress=True,
    )


def _decode(payload: str) -> list[ImportRow]:
    data = signing.loads(payload, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    return [
        ImportRow(number, code, datetime.date.fromisoformat(on), Decimal(value), bound, source, note, [])
        for number, code, on, value, bound, source, note in data
    ]


def import_view(request):
    """Upload → preview with every error of every row → confirm: all rows or none."""
    require_office_or_liaison(request.user)
    context = {"headers": zip(HEADERS, HEADER_HELP, strict=True)}
    if request.method == "POST" and "payload" in request.POST:
        try:
            rows = _decode(request.POST["payload"])
            saved = import_rows(rows=rows, by=request.user)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired; please upload the file again."))
            return redirect("indicators:import")
        except ValidationError:
            messages.error(
                request, _("The data changed since the preview; nothing was saved. Please check again.")
            )
            return redirect("indicators:import")
        messages.success(request, _("%(n)d values saved.") % {"n": len(saved)})
        return redirect("indicators:list")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = observations_check(rows=read_rows(form.cleaned_data["upload"].read()), by=request.user)
        except WorkbookError as error:
            form.add_error("upload", str(error))
        else:
            has_errors = any(row.errors for row in rows)
            context.update(
                rows=rows,
                has_errors=has_errors or not rows,
                error_rows=sum(1 for row in rows if row.errors),
                payload="" if has_errors or not rows else _encode(rows),
            )
    context["form"] = form
    return render(request, "indicators/import.html", context)


@require_GET
def import_template_view(request):
    require_office_or_liaison(request.user)
    response = HttpResponse(
        template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="indicator-observations-{stamp}.xlsx"'
    return response
