"""Steering listens to the lifecycle below it: when a project is approved, its first baseline
is taken (the office may take later ones, with a reason)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from projects.models import Stage, StageTransition

from .models import Baseline
from .services import baseline_take


@receiver(post_save, sender=StageTransition, dispatch_uid="steering.baseline_on_approval")
def baseline_on_approval(sender, instance: StageTransition, created: bool, **kwargs) -> None:
    if kwargs.get("raw") or not created or instance.to_stage != Stage.APPROVED:
        return
    if Baseline.objects.filter(project_id=instance.project_id).exists() or not instance.by.is_office:
        return
    baseline_take(project=instance.project, by=instance.by)
