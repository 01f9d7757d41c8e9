"""Staff screens: communities (created with a first owner), partners, memberships, invitations."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from communities import services
from communities.models import Community, CommunityKind, Invitation, Membership, Partner, Role
from markup import render_markdown


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 1


class CommunityAdminForm(forms.ModelForm):
    first_owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        label=_("First owner"),
        help_text=_("Only when creating: this member becomes the community's owner (you, if left empty)."),
    )

    class Meta:
        model = Community
        fields = [
            "name",
            "slug",
            "tagline",
            "description",
            "charter_html",
            "topics",
            "visibility",
            "join_policy",
            "kind",
            "archived_at",
            "premoderate_first_posts",
            "slow_mode_seconds",
            "flags_to_hide",
        ]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    form = CommunityAdminForm
    list_display = ("name", "slug", "visibility", "join_policy", "kind", "member_count", "thread_count", "archived_at")
    list_filter = ("visibility", "join_policy", "kind", ("archived_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "slug", "tagline", "description")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("member_count", "thread_count", "post_count", "last_activity_at", "created_by", "created_at")
    inlines = [PartnerInline]
    actions = ["archive", "unarchive"]

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "first_owner"]
        return [*fields, "first_owner"] if obj is None else fields

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            obj.description_html = render_markdown(obj.description) if obj.description else ""
            if not change:
                obj.created_by = request.user
            super().save_model(request, obj, form, change)
            if not change:
                owner = form.cleaned_data.get("first_owner") or request.user
                services.membership_add(actor=None, community=obj, user=owner, role=Role.OWNER)
                if obj.kind == CommunityKind.MODERATORS:
                    services.moderators_community_sync_all()

    @admin.action(description=_("Archive (read-only)"))
    def archive(self, request, queryset):
        for community in queryset:
            services.community_archive(actor=request.user, community=community, archived=True)
        messages.success(request, _("Archived."))

    @admin.action(description=_("Unarchive"))
    def unarchive(self, request, queryset):
        for community in queryset:
            services.community_archive(actor=request.user, community=community, archived=False)
        messages.success(request, _("Unarchived."))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "community", "role", "status", "joined_at", "suspended_until")
    list_filter = ("role", "status", "community__kind")
    search_fields = ("user__email", "user__username", "user__display_name", "community__name")
    list_select_related = ("user", "community")
    raw_id_fields = ("user", "community", "decided_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "community", "role", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("email", "community__name")
    list_select_related = ("community", "invited_by")
    raw_id_fields = ("community", "invited_by", "accepted_by")
