"""The office administration pages (/office/): user accounts, departments, agencies and the
audit log. Thin views: the rules are in the services of accounts and organisation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.models import Role, User
from accounts.permissions import require_office_admin
from core.excel import xlsx_response
from core.forms import add_service_error
from core.history import audit_log, history_types
from organisation import services as organisation
from organisation.models import Agency, Department

from . import selectors
from .forms import (
    AgencyForm,
    AuditFilterForm,
    DepartmentForm,
    DepartmentRenameForm,
    ReasonForm,
    UserChangeForm,
    UserInviteForm,
)
from .permissions import require_audit_reader

PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100
# An export holds at most this many changes (newest first); narrow the filter for older ones.
AUDIT_EXPORT_LIMIT = 10_000


def _history(model, pk: int) -> list:
    entries, _more = audit_log(key=model._meta.label_lower, object_id=pk, limit=200)
    return entries


def _apply(form, call) -> bool:
    """Run a service; its refusal goes next to the field (or on top), nothing is written."""
    try:
        call()
    except ValidationError as error:
        add_service_error(form, error)
        return False
    except PermissionDenied as error:
        form.add_error(None, str(error) or _("You may not do this."))
        return False
    return True


# ---------------------------------------------------------------- user accounts


def user_list_view(request):
    require_office_admin(request.user)
    role, status, search = (
        request.GET.get("role", ""),
        request.GET.get("status", ""),
        request.GET.get("q", ""),
    )
    users = selectors.user_list(role=role, status=status, search=search.strip())
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/user_list.html",
        {
            "page": page,
            "roles": Role.choices,
            "role": role,
            "status": status,
            "search": search,
            "query": query.urlencode(),
        },
    )


def user_invite_view(request):
    require_office_admin(request.user)
    initial = {"role": request.GET.get("role", ""), "agency": request.GET.get("agency")}
    initial["department"] = request.GET.get("department")
    form = UserInviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = {}

        def invite():
            created["user"] = account_services.user_invite(by=request.user, **data)

        if _apply(form, invite):
            messages.success(
                request,
                _("%(user)s is invited: the email with the link to set a password is on its way.")
                % {"user": created["user"].username},
            )
            return redirect("office:user", pk=created["user"].pk)
    return render(request, "office/user_invite.html", {"form": form})


def user_detail_view(request, pk):
    require_office_admin(request.user)
    account = get_object_or_404(User.objects.select_related("department", "agency"), pk=pk)
    initial = {
        "full_name": account.first_name,
        "email": account.email,
        "role": account.role,
        "department": account.department_id,
        "agency": account.agency_id,
        "access_expires_on": account.access_expires_on,
    }
    form = UserChangeForm(request.POST or None, initial=initial, account=account)
    if request.method == "POST" and form.is_valid():

        def change():
            account_services.user_change(user=account, by=request.user, **form.cleaned_data)

        if _apply(form, change):
            messages.success(request, _("Account saved."))
            return redirect("office:user", pk=account.pk)
        account.refresh_from_db()
    return render(
        request,
        "office/user_detail.html",
        {
            "account": account,
            "form": form,
            "reason_form": ReasonForm(),
            "is_self": account.pk == request.user.pk,
            "is_locked": account_services.user_is_locked_out(user=account),
            "invitation_pending": not account.has_usable_password(),
            "history": _history(User, account.pk),
        },
        status=400 if form.errors else 200,
    )


def _user_action(request, pk, action, done_message):
    require_office_admin(request.user)
    account = get_object_or_404(User, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        action(account=account, reason=reason)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done_message)
    return redirect("office:user", pk=account.pk)


@require_POST
def user_deactivate_view(request, pk):
    return _user_action(
        request,
        pk,
        lambda account, reason: account_services.user_deactivate(
            user=account, by=request.user, reason=reason
        ),
        _("The account is deactivated."),
    )


@require_POST
def user_reactivate_view(request, pk):
    return _user_action(
        request,
        pk,
        lambda account, reason: account_services.user_reactivate(
            user=account, by=request.user, reason=reason
        ),
        _("The account is active again."),
    )


@require_POST
def user_unlock_view(request, pk):
    return _user_action(
        request,
        pk,
        lambda account, reason: account_services.user_unlock(user=account, by=request.user),
        _("The login lockout is lifted."),
    )


@require_POST
def user_reinvite_view(request, pk):
    return _user_action(
        request,
        pk,
        lambda account, reason: account_services.user_resend_invitation(user=account, by=request.user),
        _("The invitation is sent again."),
    )


# ---------------------------------------------------------------- departments


def department_list_view(request):
    require_office_admin(request.user)
    return render(request, "office/department_list.html", {"departments": selectors.department_list()})


def department_create_view(request):
    require_office_admin(request.user)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = {}

        def create():
            created["department"] = organisation.department_create(by=request.user, **form.cleaned_data)

        if _apply(form, create):
            messages.success(request, _("Department created."))
            return redirect("office:department", pk=created["department"].pk)
    return render(
        request,
        "office/form.html",
        {"form": form, "title": _("New department"), "back": reverse("office:departments")},
    )


def department_detail_view(request, pk):
    require_office_admin(request.user)
    department = get_object_or_404(Department, pk=pk)
    form = DepartmentRenameForm(
        request.POST or None, initial={"name": department.name, "name_en": department.name_en}
    )
    if request.method == "POST" and form.is_valid():

        def rename():
            organisation.department_update(department=department, by=request.user, **form.cleaned_data)

        if _apply(form, rename):
            messages.success(request, _("Department saved."))
            return redirect("office:department", pk=department.pk)
        department.refresh_from_db()
    return render(
        request,
        "office/department_detail.html",
        {
            "department": department,
            "form": form,
            "reason_form": ReasonForm(),
            "history": _history(Department, department.pk),
            **selectors.department_detail(department=department),
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- agencies


def agency_list_view(request):
    require_office_admin(request.user)
    return render(request, "office/agency_list.html", {"agencies": selectors.agency_list()})


def agency_create_view(request):
    require_office_admin(request.user)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = {}

        def create():
            created["agency"] = organisation.agency_save(by=request.user, **form.cleaned_data)

        if _apply(form, create):
            messages.success(request, _("Agency created."))
            return redirect("office:agency", pk=created["agency"].pk)
    return render(
        request,
        "office/form.html",
        {"form": form, "title": _("New third-party agency"), "back": reverse("office:agencies")},
    )


def agency_detail_view(request, pk):
    require_office_admin(request.user)
    agency = get_object_or_404(Agency, pk=pk)
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():

        def save():
            organisation.agency_save(by=request.user, agency=agency, **form.cleaned_data)

        if _apply(form, save):
            messages.success(request, _("Agency saved."))
            return redirect("office:agency", pk=agency.pk)
        agency.refresh_from_db()
    return render(
        request,
        "office/agency_detail.html",
        {
            "agency": agency,
            "form": form,
            "reason_form": ReasonForm(),
            "evaluators": list(agency.evaluators.order_by("-is_active", "username")),
            "declarations": selectors.agency_declarations(agency=agency),
            "history": _history(Agency, agency.pk),
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- retiring departments and agencies

# What the office sees after retiring or reinstating each kind of unit, and where it lands.
_RETIREMENT = {
    "department": (
        Department,
        "office:department",
        gettext_lazy(
            "The department is retired: it keeps its projects and history and leads no new project."
        ),
        gettext_lazy("The department is active again."),
    ),
    "agency": (
        Agency,
        "office:agency",
        gettext_lazy(
            "The agency is retired: it keeps its assessments and history and gets no new assignment."
        ),
        gettext_lazy("The agency is active again."),
    ),
}


@require_POST
def unit_retirement_view(request, pk, *, kind: str, retire: bool):
    """Retire (with a reason) or reinstate a department or an agency (urls.py names the kind)."""
    require_office_admin(request.user)
    model, target, retired_message, reinstated_message = _RETIREMENT[kind]
    unit = get_object_or_404(model, pk=pk)
    action = organisation.unit_retire if retire else organisation.unit_reinstate
    try:
        action(unit=unit, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, retired_message if retire else reinstated_message)
    return redirect(target, pk=unit.pk)


# ---------------------------------------------------------------- audit log


def audit_log_view(request):
    """Every traced change across the office, filtered by person, object type and dates;
    ?format=xlsx exports the filtered changes."""
    require_audit_reader(request.user)
    form = AuditFilterForm(request.GET or None, types=history_types())
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "user_id": data["person"].pk if data["person"] else None,
            "key": data["type"] or None,
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    if request.GET.get("format") == "xlsx":
        entries, _more = audit_log(**filters, limit=AUDIT_EXPORT_LIMIT)
        return xlsx_response(
            filename=_("audit-log.xlsx"),
            title=_("Audit log"),
            headers=[
                _("Time"),
                _("Person"),
                _("Kind"),
                _("Object type"),
                _("Object"),
                _("Project"),
                _("Action"),
                _("Changes"),
                _("Reason"),
            ],
            rows=(
                [
                    entry.at,
                    entry.who,
                    entry.kind_label,
                    entry.type_label,
                    entry.label,
                    entry.project[1] if entry.project else "",
                    ACTION_LABELS()[entry.action],
                    "\n".join(
                        f"{c.field}: {c.old} → {c.new}" if c.old else f"{c.field}: {c.new}"
                        for c in entry.changes
                    ),
                    entry.reason,
                ]
                for entry in entries
            ),
        )
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    entries, more = audit_log(**filters, limit=AUDIT_PAGE_SIZE, offset=(page_number - 1) * AUDIT_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/audit_log.html",
        {
            "form": form,
            "entries": entries,
            "page_number": page_number,
            "has_next": more,
            "query": query.urlencode(),
        },
    )


def ACTION_LABELS() -> dict:  # noqa: N802 (translated at call time)
    return {
        "created": pgettext("history action", "created"),
        "changed": pgettext("history action", "changed"),
        "deleted": pgettext("history action", "deleted"),
    }
