from django.contrib import admin
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from privacy.models import AccountDeletion, DataExport


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "status", "size", "created_at", "expires_at")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("user__email", "user__username")
    # The archive itself is only ever served to its owner.
    exclude = ("file",)
    readonly_fields = ("user", "status", "size", "created_at", "finished_at", "expires_at", "error")

    def has_add_permission(self, request):
        return False


@admin.register(AccountDeletion)
class AccountDeletionAdmin(admin.ModelAdmin):
    """The audit log of erased accounts: read-only."""

    list_display = ("created_at", "former_user_id", "by_staff", "actor_name", "posts", "reason")
    list_filter = ("by_staff", "posts")
    search_fields = ("former_user_id", "reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=_("Delete account on the member's request (privacy erasure)"))
def erase_account_on_request(modeladmin, request, queryset):
    """One account at a time, through the staff page that asks for the request and the choice."""
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Select exactly one account to erase."), level="error")
        return None
    return redirect(reverse("privacy:staff-delete", kwargs={"user_id": queryset.get().pk}))


_user_admin = admin.site._registry.get(get_user_model())
if _user_admin is not None:
    _user_admin.actions = [*(_user_admin.actions or []), erase_account_on_request]
