"""Who may see and do what in assessments. Evaluators reach only their agency's assignments;
anything else is a 404, so nothing leaks."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.permissions import require_office, require_office_admin

from .models import Assessment, AssessmentCycle, Evidence, IndicatorTemplate


def can_read_results(user) -> bool:
    return user.is_office or user.is_leadership


def require_results_reader(user) -> None:
    if not can_read_results(user):
        raise PermissionDenied


def require_portal_user(user) -> None:
    """Office and leadership; evaluators (their agency's work); liaisons (their department's
    unit self-evaluations)."""
    if not (can_read_results(user) or user.is_evaluator or user.is_liaison):
        raise PermissionDenied


def get_assessment_for_user(user, pk: int) -> Assessment:
    return get_object_or_404(Assessment.objects.visible_to(user).with_relations(), pk=pk)


def get_evidence_for_user(user, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.filter(assessment__in=Assessment.objects.visible_to(user)).select_related(
            "assessment"
        ),
        pk=pk,
    )


def get_cycle_for_user(user, pk: int, *, write: bool = False) -> AssessmentCycle:
    """Cycles are read by the office and leadership and run by the office (403 for anyone else,
    before anything is looked up: a cycle is not one user's object)."""
    if write:
        require_office(user)
    else:
        require_results_reader(user)
    return get_object_or_404(AssessmentCycle.objects.select_related("template"), pk=pk)


def get_indicator_template_for_user(user, pk: int, *, write: bool = False) -> IndicatorTemplate:
    """Templates are read by the office and leadership and edited by the office administrator
    (403 for anyone else, before anything is looked up)."""
    if write:
        require_office_admin(user)
    else:
        require_results_reader(user)
    return get_object_or_404(IndicatorTemplate.objects.with_use(), pk=pk)
