from django.contrib import admin

from remoteimages.models import RemoteImage


@admin.register(RemoteImage)
class RemoteImageAdmin(admin.ModelAdmin):
    list_display = ("url", "status", "size", "attempts", "fetched_at")
    list_filter = ("status",)
    search_fields = ("url",)
    readonly_fields = (
        "url",
        "url_hash",
        "file",
        "content_type",
        "size",
        "error",
        "attempts",
        "created_at",
        "fetched_at",
    )
