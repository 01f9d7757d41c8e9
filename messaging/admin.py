"""Staff screens: reported messages only (staff never browse private conversations)."""

from django.contrib import admin

from messaging.models import MessageReport


@admin.register(MessageReport)
class MessageReportAdmin(admin.ModelAdmin):
    list_display = ["message", "reporter", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    list_select_related = ["message", "reporter"]
    readonly_fields = ["message_body", "message_author", "reporter", "reason", "created_at"]
    fields = ["message_body", "message_author", "reporter", "reason", "created_at", "resolved_at", "resolved_by",
              "resolution"]  # fmt: skip
    raw_id_fields = ["resolved_by"]

    @admin.display(description="message")
    def message_body(self, obj):
        return obj.message.body

    @admin.display(description="author")
    def message_author(self, obj):
        return obj.message.author

    def has_add_permission(self, request):
        return False
