from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def portal(request):
    """The evaluator's landing page: their agency's assignments."""
    if not (request.user.is_evaluator or request.user.is_office):
        raise PermissionDenied
    return render(request, "evaluations/portal.html", {"agency": request.user.agency})
