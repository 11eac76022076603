"""The demo is seeded before any worker or broker runs (``make run`` starts them afterwards)."""

from contextlib import contextmanager

from django.test.utils import override_settings

from nantong_pm.celery import app as celery_app


@contextmanager
def worker_in_process():
    """Report builds queued while seeding run in this process, as the worker would have run them on
    that day; demo mail (report deliveries, notices) is logged but never leaves the machine."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        celery_app.conf.task_always_eager = eager
