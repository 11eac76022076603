from django.contrib import admin

from .models import DigestLog


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["date", "user", "item_count", "sent_at"]
    list_filter = ["date"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
