from django.contrib import admin

from moderation.models import AuditEntry, Flag, PlatformSuspension


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "community_name", "target_label", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_label", "reason", "community_name"]
    date_hierarchy = "created_at"


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reporter", "reason", "status", "community", "post", "thread"]
    list_filter = ["status", "reason"]
    list_select_related = ["reporter", "community", "post", "thread"]
    raw_id_fields = ["reporter", "post", "thread", "resolved_by"]


@admin.register(PlatformSuspension)
class PlatformSuspensionAdmin(ReadOnlyAdmin):
    list_display = ["user", "actor", "reason", "created_at", "ends_at", "lifted_at"]
    list_select_related = ["user", "actor"]
    search_fields = ["user__email", "user__username", "reason"]
