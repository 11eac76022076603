"""The stage gates this app adds to the project lifecycle (registered in ``EvaluationsConfig.ready``)."""

from django.utils.translation import gettext as _

from .selectors import project_latest_assessment_accepted


def latest_assessment_accepted(project) -> str | None:
    """A project closes only once its latest assessment is accepted."""
    if not project_latest_assessment_accepted(project=project):
        return _("The project's latest assessment has not been accepted yet.")
    return None
