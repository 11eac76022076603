"""Indicator writes invalidate the cached portfolio aggregates (the dashboard's indicator panel is
cached with them: ``projects/aggregate_cache.py``)."""

from django.db.models.signals import post_delete, post_save

from projects.aggregate_cache import invalidate_now_and_on_commit


def connect_invalidation() -> None:
    from .models import Indicator, IndicatorLink, Observation

    for model in (Indicator, Observation, IndicatorLink):
        uid = f"aggregates-{model.__name__}"
        post_save.connect(invalidate_now_and_on_commit, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_now_and_on_commit, sender=model, dispatch_uid=f"{uid}-delete")
