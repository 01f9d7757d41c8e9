from django.contrib import admin

from outbox.models import EmailDelivery


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipient", "to_email", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    list_select_related = ("recipient",)
    search_fields = ("subject", "to_email", "recipient__email", "source")
    raw_id_fields = ("recipient",)
    readonly_fields = ("attempts", "last_error", "created_at", "sent_at")
