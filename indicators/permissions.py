"""Who may do what with indicators. Views call these; they hold no rules of their own."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Indicator
from .services import may_enter_observations


def get_indicator_for_user(user, pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.visible_to(user), pk=pk)


def require_entry(user, indicator) -> None:
    if not may_enter_observations(user, indicator):
        raise PermissionDenied
