"""The office's side of the public window: what is published, and the moderation of comments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import require_office
from core.forms import add_service_error
from indicators.models import Indicator
from projects.models import Project
from projects.permissions import get_project_for_user

from .forms import PublicationForm
from .models import Moderation, ProjectPublication, SurveyResponse
from .selectors import moderation_queue
from .services import feedback_moderate, publication_save

RECENT_SHOWN = 30


@require_GET
def index_view(request):
    require_office(request.user)
    projects = (
        Project.objects.select_related("group", "publication")
        .annotate(
            answers=Count("survey_responses"),
            pending=Count("survey_responses", filter=Q(survey_responses__moderation=Moderation.PENDING)),
        )
        .order_by("group__order", "code")
    )
    return render(
        request,
        "public/office/index.html",
        {
            "projects": projects,
            "indicators": Indicator.objects.order_by("dimension", "code"),
            "pending": SurveyResponse.objects.filter(moderation=Moderation.PENDING).count(),
        },
    )


def publication_edit_view(request, project_pk):
    require_office(request.user)
    project = get_project_for_user(request.user, project_pk)
    publication = ProjectPublication.objects.filter(project=project).first() or ProjectPublication(
        project=project
    )
    form = PublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        try:
            publication_save(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved. The public pages show it at once."))
            return redirect("publicity:index")
    return render(request, "public/office/publication_form.html", {"form": form, "project": project})


@require_GET
def feedback_view(request):
    require_office(request.user)
    recent = (
        SurveyResponse.objects.filter(moderation__in=[Moderation.APPROVED, Moderation.REJECTED])
        .select_related("project", "moderated_by")
        .order_by("-moderated_at")[:RECENT_SHOWN]
    )
    return render(request, "public/office/feedback.html", {"queue": moderation_queue(), "recent": recent})


@require_POST
def feedback_moderate_view(request, pk):
    require_office(request.user)
    get_object_or_404(SurveyResponse, pk=pk)
    publish = request.POST.get("action") == "publish"
    try:
        feedback_moderate(response_id=pk, by=request.user, publish=publish)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Comment published.") if publish else _("Comment rejected; it stays unpublished.")
        )
    return redirect("publicity:feedback")
