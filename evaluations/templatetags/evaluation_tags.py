from django import template

from ..selectors import project_results

register = template.Library()


@register.inclusion_tag("evaluations/_project_panel.html", takes_context=True)
def assessment_panel(context, project):
    """The project's accepted assessments across cycles, latest first (its latest grade on top)."""
    user = context["request"].user
    return {"project": project, "results": list(project_results(project=project)), "user": user}


@register.inclusion_tag("evaluations/_grade_badge.html")
def grade_badge(grade, label):
    return {"grade": grade, "label": label}
