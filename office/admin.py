"""Beat entries belong to report schedules and the product's own jobs (reports.schedules): the
admin shows them but does not change them, so a schedule's timing changes only where its
history is kept (core.admin)."""

from django.contrib import admin
from django_celery_beat import admin as beat_admin
from django_celery_beat import models as beat_models

from core.admin import ReadOnlyAdminMixin

for model, admin_class in (
    (beat_models.PeriodicTask, beat_admin.PeriodicTaskAdmin),
    (beat_models.CrontabSchedule, admin.ModelAdmin),
    (beat_models.IntervalSchedule, admin.ModelAdmin),
    (beat_models.SolarSchedule, admin.ModelAdmin),
    (beat_models.ClockedSchedule, admin.ModelAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(f"ReadOnly{admin_class.__name__}", (ReadOnlyAdminMixin, admin_class), {}))
