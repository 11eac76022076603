"""Django admin for the public site: read-only; publication and survey moderation go through the
office's pages (``tests/test_admin_read_only.py``)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ProjectPublication, SurveyResponse


@admin.register(ProjectPublication)
class ProjectPublicationAdmin(ReadOnlyAdmin):
    list_display = ["project", "is_public", "updated_at"]
    list_filter = ["is_public"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["project", "score", "moderation", "submitted_on"]
    list_filter = ["moderation", "project"]
