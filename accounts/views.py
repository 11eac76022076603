from django.shortcuts import redirect


def home(request):
    """Landing page after login: evaluators go to their assignments, everyone else to the portfolio."""
    if request.user.is_evaluator:
        return redirect("evaluations:portal")
    return redirect("projects:list")
