from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import DigestLog


@admin.register(DigestLog)
class DigestLogAdmin(ReadOnlyAdmin):
    """A log of what was sent: never edited."""

    list_display = ["date", "user", "item_count", "sent_at"]
    list_filter = ["date"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
