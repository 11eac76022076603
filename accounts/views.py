from django.shortcuts import redirect


def home(request):
    """Landing page after login: evaluators go to their assignments, liaisons to the portfolio,
    office staff and leadership to the dashboard."""
    if request.user.is_evaluator:
        return redirect("evaluations:portal")
    if request.user.is_liaison:
        return redirect("projects:list")
    return redirect("dashboard:dashboard")
