from django import template

from ..lifecycle_forms import MoveRequestForm
from ..selectors.lifecycle import pending_move_requests, project_reviews
from ..services.lifecycle import gate_failures, next_moves
from ..services.move_requests import can_request_move

register = template.Library()


@register.inclusion_tag("projects/_lifecycle_panel.html", takes_context=True)
def lifecycle_panel(context, project):
    """The project's stage, the moves the user may make or ask for, the review rounds and
    the read-only history of every traced change, which the page loads from ``projects:history``
    (so the project page itself reads the same few queries however long the history is)."""
    user = context["request"].user
    office_moves = [
        {"move": move, "blocked_by": gate_failures(project=project, to_stage=move.to_stage)}
        for move in next_moves(project=project, user=user)
    ]
    may_request = can_request_move(user, project)
    request_form = None
    if may_request:
        request_form = MoveRequestForm()
        request_form.fields["to_stage"].choices = [(m.to_stage, m.label) for m in next_moves(project=project)]
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "project": project,
        "is_office": user.is_office,
        "office_moves": office_moves,
        "request_form": request_form,
        "pending_requests": list(pending_move_requests(project=project)),
        "reviews": list(project_reviews(project=project)),
        "history_kind": context["request"].GET.get("history", ""),
    }
