"""Who may see and ask for which report.

- Office (admin, staff) and leadership: every report.
- Liaisons: the monthly portfolio report, cycle reports (assessment results are published to
  the departments), and dossiers of the projects their department leads.
- Evaluators: no report. The cycle report lists every agency's projects, scores and names, so it is
  for the office and leadership (and the departments it is published to); an evaluator sees their
  own agency's results in the assessment portal, and gets 404 here like for anything not theirs.
- Schedules: office administrators only.
The archive list uses the same rule in the database (``selectors.runs_visible_to``)."""

from django.core.exceptions import PermissionDenied

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


def can_download(user, run: ReportRun) -> bool:
    return can_see_report(user, kind=run.kind, project=run.project)


def can_generate(user, *, kind: str, project: Project | None = None) -> bool:
    """Asking for a build: the portfolio and cycle reports are the office's; a dossier may be
    asked for by whoever may read it, except evaluators (they never see one)."""
    if kind == ReportKind.DOSSIER:
        return not user.is_evaluator and can_see_report(user, kind=kind, project=project)
    return user.is_office


def require_schedule_admin(user) -> None:
    if not user.is_office_admin:
        raise PermissionDenied
