from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from vogter.charters.models import CharterVersion


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    """Read-only: versions change only through vogter/charters/actions/, and an adopted
    one never does (docs/charters.md). The admin may look, not touch."""

    list_display = ("charter", "number", "status", "adopted_on", "adopted_by")
    list_filter = ("status",)
    list_select_related = ("charter", "adopted_by")
    search_fields = ("charter__title", "charter__code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
