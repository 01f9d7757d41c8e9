from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from markup import render_markdown


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("email", "username", "display_name", "country", "organisation", "sector", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "sector", "country")
    search_fields = ("email", "username", "display_name", "organisation")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "username", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "country",
                    "organisation",
                    "sector",
                    "job_title",
                    "expertise",
                    "languages",
                    "bio",
                    "avatar",
                    "timezone",
                    "allow_messages_from_anyone",
                )
            },
        ),  # fmt: skip
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "username", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        # Staff edits of the bio must refresh its rendered HTML like the member's own edits.
        obj.bio_html = render_markdown(obj.bio)
        super().save_model(request, obj, form, change)
