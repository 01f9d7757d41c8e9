from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from legal import services
from legal.models import Acceptance, LegalDocument


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    """Staff write a draft, preview it on the site, then publish it with the action.
    Published versions are read-only; a change is a new version."""

    list_display = ("kind", "version", "title", "requires_acceptance", "published_at", "created_by")
    list_filter = ("kind", "requires_acceptance")
    search_fields = ("title", "body")
    readonly_fields = ("version", "published_at", "created_by", "created_at")
    list_select_related = ("created_by",)
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return ("kind", "title", "body", "changes", "requires_acceptance", *self.readonly_fields)
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False  # acceptances point at it
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            services.document_save_draft(actor=request.user, document=obj)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish(self, request, queryset):
        done = 0
        for document in queryset.filter(published_at__isnull=True).order_by("kind", "version"):
            services.document_publish(actor=request.user, document=document)
            done += 1
        self.message_user(
            request, ngettext("%(n)d version published.", "%(n)d versions published.", done) % {"n": done}
        )


@admin.register(Acceptance)
class AcceptanceAdmin(admin.ModelAdmin):
    list_display = ("user", "document", "via", "accepted_at")
    list_filter = ("via", "document__kind")
    search_fields = ("user__email", "user__username")
    list_select_related = ("user", "document")
    readonly_fields = ("user", "document", "via", "accepted_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
