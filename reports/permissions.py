"""Who may see and ask for which report.

- Office (admin, staff) and leadership: every report.
- Liaisons: the monthly portfolio report, cycle reports (assessment results are published to
  the departments), and dossiers of the projects their department leads.
- Evaluators: no report. The cycle report lists every agency's projects, scores and names, so it is
  for the office and leadership (and the departments it is published to); an evaluator sees their
  own agency's results in the assessment portal, and gets 404 here like for anything not theirs.
- Schedules: office administrators only.
A run is found through ``ReportRun.objects.visible_to`` (the archive, a download), the same rule
written as a query; ``can_see_report`` answers it before a run exists (links, requests)."""

from django.shortcuts import get_object_or_404

from projects.models import Project

from .models import ReportKind, ReportRun


def can_see_report(user, *, kind: str, project: Project | None = None) -> bool:
    if user.is_office or user.is_leadership:
        return True
    if user.is_liaison:
        if kind == ReportKind.DOSSIER:
            return project is not None and project.lead_department_id == user.department_id
        return True
    return False


def get_report_run_for_user(user, pk: int) -> ReportRun:
    """The run if the user may see its content (``ReportRun.objects.visible_to``); 404 otherwise,
    so nothing leaks."""
    return get_object_or_404(ReportRun.objects.visible_to(user).select_related("project"), pk=pk)


def can_generate(user, *, kind: str, project: Project | None = None) -> bool:
    """Asking for a build: the portfolio and cycle reports are the office's; a dossier may be
    asked for by whoever may read it, except evaluators (they never see one)."""
    if kind == ReportKind.DOSSIER:
        return not user.is_evaluator and can_see_report(user, kind=kind, project=project)
    return user.is_office
