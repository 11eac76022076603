import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nantong_pm.settings")

app = Celery("nantong_pm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
