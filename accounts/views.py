from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET


def home(request):
    """Landing page after login: evaluators go to their assignments, liaisons to the portfolio,
    office staff and leadership to the dashboard."""
    if request.user.is_evaluator:
        return redirect("evaluations:portal")
    if request.user.is_liaison:
        return redirect("projects:list")
    return redirect("dashboard:dashboard")


@require_GET
def healthz(request):
    """Liveness probe, public and without database work: the benchmark's floor for a Django view."""
    return HttpResponse("ok", content_type="text/plain")
