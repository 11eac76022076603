"""Public pages (anonymous, read-only, cached) and the survey, which is not cached: its form
carries a CSRF token and a fresh challenge."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.page_cache import cached_page, shared
from indicators.charts import trend_svg
from indicators.status import GRACE_DAYS

from .challenge import challenge_passed, new_challenge
from .forms import SurveyForm
from .selectors import (
    indicator_public_projects,
    public_indicator,
    public_indicator_rows,
    public_project,
    public_projects_by_group,
    published_comments,
    satisfaction_for,
)
from .services import RateLimited, client_address, survey_open, survey_submit


@login_not_required
@require_GET
@cached_page(scope=shared)
def home_view(request):
    return render(
        request,
        "public/home.html",
        {"groups": public_projects_by_group(), "indicator_rows": public_indicator_rows()},
    )


@login_not_required
@require_GET
@cached_page(scope=shared)
def project_view(request, pk):
    item = public_project(pk=pk)
    return render(
        request,
        "public/project.html",
        {
            "item": item,
            "project": item.project,
            "indicator_rows": public_indicator_rows(project=item.project),
            "comments": published_comments(project=item.project),
            "survey_open": survey_open(item.project),
            "satisfaction": satisfaction_for(item.project, timezone.localdate().year),
        },
    )


@login_not_required
@require_GET
@cached_page(scope=shared)
def indicator_list_view(request):
    return render(request, "public/indicator_list.html", {"indicator_rows": public_indicator_rows()})


@login_not_required
@require_GET
@cached_page(scope=shared)
def indicator_view(request, pk):
    row = public_indicator(pk=pk)
    observations = list(row.indicator.observations.all())
    return render(
        request,
        "public/indicator.html",
        {
            "row": row,
            "indicator": row.indicator,
            "observations": list(reversed(observations)),
            "chart": trend_svg(row.indicator, observations),
            "projects": indicator_public_projects(indicator=row.indicator),
            "grace_days": GRACE_DAYS,
        },
    )


@login_not_required
def survey_view(request, pk):
    item = public_project(pk=pk)
    project = item.project
    context = {"project": project, "open": survey_open(project)}
    if not context["open"]:
        return render(request, "public/survey.html", context)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"] or not challenge_passed(data["token"], data["answer"]):
            form.add_error("answer", _("That answer is not right; please try the new question."))
        else:
            try:
                survey_submit(
                    project=project,
                    score=data["score"],
                    comment=data["comment"],
                    address=client_address(request),
                )
            except RateLimited as limited:
                return render(
                    request, "public/survey.html", {**context, "limited": limited.messages[0]}, status=429
                )
            return render(
                request, "public/survey_thanks.html", {**context, "commented": bool(data["comment"].strip())}
            )
    question, token = new_challenge()
    return render(
        request, "public/survey.html", {**context, "form": form, "question": question, "token": token}
    )


@login_not_required
@require_GET
def language_view(request, code):
    """Switch the public pages' language by a link (the pages are cached: no form with a CSRF token)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("public:home")
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, samesite="Lax", max_age=365 * 24 * 3600)
    return response
