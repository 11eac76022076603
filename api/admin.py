from django.contrib import admin

from .models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "token_prefix", "is_active", "last_used_at"]
    list_filter = ["is_active", "department"]
    readonly_fields = ["token_prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        # Tokens are created by the management command, which shows the token once.
        return False
