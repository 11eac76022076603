from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

from . import services


def home(request):
    """Landing page after login: evaluators go to their assignments, liaisons to the portfolio,
    office staff and leadership to the dashboard."""
    if request.user.is_evaluator:
        return redirect("evaluations:portal")
    if request.user.is_liaison:
        return redirect("projects:list")
    return redirect("dashboard:dashboard")


def not_found(request, exception):
    """Django's LoginRequiredMiddleware checks a view once the address resolves to one; an address
    that resolves to none would answer an anonymous visitor 404 and so tell which addresses exist.
    Anonymous visitors of such an address go to the login page instead; a view that answers 404
    (a public page of a project that is not published) keeps its 404."""
    if not request.user.is_authenticated and request.resolver_match is None:
        return redirect_to_login(request.get_full_path())
    return page_not_found(request, exception)


@login_not_required
@require_GET
def healthz(request):
    """Liveness probe, public and without database work: the benchmark's floor for a Django view."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def invitation_view(request, uidb64, token):
    """The invited person sets their password once; afterwards (or after the expiry) the link
    answers 404 with a plain explanation. Public: the person has no password yet."""
    invited = services.invitation_user(uidb64=uidb64, token=token)
    if invited is None:
        return render(request, "accounts/invitation.html", {"invited": None}, status=404)
    form = SetPasswordForm(invited, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                uidb64=uidb64, token=token, password=form.cleaned_data["new_password1"]
            )
        except PermissionDenied:
            return render(request, "accounts/invitation.html", {"invited": None}, status=404)
        messages.success(request, _("Your password is set. Log in with your username and the new password."))
        return redirect("login")
    return render(request, "accounts/invitation.html", {"invited": invited, "form": form})
