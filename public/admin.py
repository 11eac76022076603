from django.contrib import admin

from .models import ProjectPublication, SurveyResponse


@admin.register(ProjectPublication)
class ProjectPublicationAdmin(admin.ModelAdmin):
    list_display = ["project", "is_public", "updated_at"]
    list_filter = ["is_public"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["project", "score", "moderation", "submitted_on"]
    list_filter = ["moderation", "project"]
    readonly_fields = ["address_hash", "submitted_at", "moderated_by", "moderated_at"]
