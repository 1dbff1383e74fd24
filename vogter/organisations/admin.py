from django.contrib import admin
from django.http import HttpRequest

from vogter.organisations.models import AuditEntry, Invitation, Membership, Organisation, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("name", "level", "parent")
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_language", "created_at")
    search_fields = ("name", "code")
    readonly_fields = ("code",)
    inlines = (UnitInline,)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "organisation", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")
    readonly_fields = ("code",)
    raw_id_fields = ("parent", "organisation")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "is_manager", "is_union_rep", "is_safety_rep")
    list_filter = ("role",)
    search_fields = ("user__email", "organisation__name")
    raw_id_fields = ("user", "organisation", "unit")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("code", "organisation", "email", "role", "uses", "max_uses", "expires_at")
    readonly_fields = ("code", "token")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: an audit log that can be edited is no audit log."""

    list_display = ("created_at", "organisation", "actor", "action", "target")
    list_filter = ("action",)
    readonly_fields = ("created_at", "organisation", "actor", "action", "target", "data")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
