from django.contrib import admin

from vogter.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("code", "prefix", "key_hash", "created_at", "last_used_at")
