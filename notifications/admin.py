from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "text", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    search_fields = ("text", "recipient__email")
    raw_id_fields = ("recipient", "actor", "community")
