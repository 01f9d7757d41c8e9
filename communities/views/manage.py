"""Running a community: join requests, invitations, roles, removals, settings, archiving."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

import ratelimits
from communities import permissions as perms
from communities import selectors, services
from communities.forms import (
    CommunitySettingsForm,
    DecisionForm,
    InvitationForm,
    InvitationLinkForm,
    PartnerFormSet,
    RoleForm,
)
from communities.views._common import add_service_errors, community_context, get_community_or_404, refuse
from hub.responses import rejected_page

INVITE_RATE = getattr(settings, "COMMUNITY_INVITE_RATE", "60/h")


def requests(request, slug):
    """Pending join requests: approve or decline one or many at once."""
    community = get_community_or_404(request, slug)
    if not perms.can_approve_members(request.user, community):
        return refuse(request, community)
    pending = list(selectors.membership_list_pending(community=community, viewer=request.user))
    data = request.POST or None
    if data is not None and "row" in data:
        # A per-row Approve/Decline button: "approve:<id>".
        decision, _sep, pk = data["row"].partition(":")
        data = {"decision": decision, "ids": [pk]}
    form = DecisionForm(data, pending=pending)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            ids = form.cleaned_data["ids"]
            if form.cleaned_data["decision"] == "approve":
                done = services.membership_approve(actor=request.user, community=community, memberships=ids)
                text = ngettext("Approved %(n)d request.", "Approved %(n)d requests.", len(done))
            else:
                done = services.membership_decline(actor=request.user, community=community, memberships=ids)
                text = ngettext("Declined %(n)d request.", "Declined %(n)d requests.", len(done))
            messages.success(request, text % {"n": len(done)})
            return redirect("communities:requests", slug=community.slug)
        status = 400
    context = community_context(request, community, "requests")
    context.update({"pending": pending, "form": form})
    return render(request, "communities/membership_requests.html", context, status=status)


def invite(request, slug):
    community = get_community_or_404(request, slug)
    if not perms.can_invite_to_community(request.user, community):
        return refuse(request, community)
    can_invite_moderators = perms.can_change_roles(request.user, community)
    form = InvitationForm(request.POST or None, can_invite_moderators=can_invite_moderators)
    status = 200
    if request.method == "POST":
        if not ratelimits.hit("community-invite", str(request.user.pk), INVITE_RATE):
            form.add_error(None, _("You have sent many invitations in the last hour. Please try again later."))
            status = 429
        elif form.is_valid():
            try:
                services.invitation_create(actor=request.user, community=community, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"].lower()}
                )
                return redirect("communities:invite", slug=community.slug)
        else:
            status = 400
    return _invite_page(request, community, form=form, status=status)


def _invite_page(request, community, *, form=None, link_form=None, status=200):
    can_invite_moderators = perms.can_change_roles(request.user, community)
    context = community_context(request, community, "invite")
    can_link = perms.can_create_invitation_link(request.user, community)
    invitations = selectors.invitation_list_open(community=community, viewer=request.user)
    for invitation in invitations:
        if invitation.is_link:
            token = services.invitation_token(invitation)
            invitation.share_url = settings.SITE_URL.rstrip("/") + reverse(
                "communities:invitation", kwargs={"token": token}
            )
    context.update(
        {
            "form": form or InvitationForm(can_invite_moderators=can_invite_moderators),
            "link_form": (link_form or InvitationLinkForm()) if can_link else None,
            "invitations": invitations,
        }
    )
    return render(request, "communities/invitation_create.html", context, status=status)


@require_POST
def invitation_link_create(request, slug):
    """Owners: a shareable "anyone with this link" invitation with an expiry and a use limit."""
    community = get_community_or_404(request, slug)
    if not perms.can_create_invitation_link(request.user, community):
        return refuse(request, community)
    form = InvitationLinkForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_link_create(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Link created. Copy it from the list of open invitations and share it."))
            return redirect("communities:invite", slug=community.slug)
    return _invite_page(request, community, link_form=form, status=400)


@require_POST
def invitation_revoke(request, slug, pk):
    community = get_community_or_404(request, slug)
    if not perms.can_invite_to_community(request.user, community):
        return refuse(request, community)
    invitation = community.invitations.filter(pk=pk, accepted_at__isnull=True, revoked_at__isnull=True).first()
    if invitation is None:
        raise Http404
    services.invitation_revoke(actor=request.user, invitation=invitation)
    if invitation.is_link:
        messages.success(request, _("The invitation link was withdrawn."))
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("communities:invite", slug=community.slug)


def _target(community, user_id):
    membership = selectors.membership_get_in_community(community=community, user_id=user_id)
    if membership is None:
        raise Http404
    return membership


@require_POST
def member_role(request, slug, user_id):
    community = get_community_or_404(request, slug)
    if not perms.can_change_roles(request.user, community):
        return refuse(request, community)
    membership = _target(community, user_id)
    form = RoleForm(request.POST)
    members_page = reverse("communities:members", kwargs={"slug": community.slug})
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return rejected_page(request, members_page)
    try:
        services.membership_set_role(
            actor=request.user, community=community, user=membership.user, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return rejected_page(request, members_page)
    else:
        messages.success(request, _("%(name)s's role was updated.") % {"name": membership.user.name})
    return redirect("communities:members", slug=community.slug)


@require_POST
def member_remove(request, slug, user_id):
    community = get_community_or_404(request, slug)
    if not perms.can_moderate_community(request.user, community):
        return refuse(request, community)
    membership = _target(community, user_id)
    if not perms.can_remove_member(request.user, community, membership.user):
        raise PermissionDenied
    ban = request.POST.get("ban") == "1"
    try:
        services.membership_remove(actor=request.user, community=community, user=membership.user, ban=ban)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s was removed from the community.") % {"name": membership.user.name})
    return redirect("communities:members", slug=community.slug)


def settings_view(request, slug):
    community = get_community_or_404(request, slug)
    if not perms.can_manage_community_settings(request.user, community):
        return refuse(request, community)
    data = request.POST if request.method == "POST" else None
    initial = {"topics": ", ".join(t.name for t in community.topics.all())}
    form = CommunitySettingsForm(data, request.FILES if data is not None else None, instance=community, initial=initial)
    partners = PartnerFormSet(data, instance=community, prefix="partners")
    status = 200
    if request.method == "POST":
        if form.is_valid() and partners.is_valid():
            extra = ("topics", "banner", "remove_banner")
            fields = {k: v for k, v in form.cleaned_data.items() if k not in extra}
            try:
                with transaction.atomic():
                    services.community_update(
                        actor=request.user, community=community, fields=fields, topics=form.cleaned_data["topics"],
                        banner=form.cleaned_data.get("banner"), remove_banner=form.cleaned_data.get("remove_banner"),
                    )  # fmt: skip
                    partners.save()
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Settings saved."))
                return redirect("communities:settings", slug=community.slug)
        else:
            status = 400
        community.refresh_from_db()
    context = community_context(request, community, "settings")
    context.update({"form": form, "partners": partners})
    return render(request, "communities/community_settings.html", context, status=status)


@require_POST
def archive(request, slug):
    community = get_community_or_404(request, slug)
    if not perms.can_archive_community(request.user, community):
        return refuse(request, community)
    archived = request.POST.get("archived", "1") != "0"
    services.community_archive(actor=request.user, community=community, archived=archived)
    if archived:
        messages.success(request, _("The community is archived: readable, but closed to new posts and members."))
    else:
        messages.success(request, _("The community is open again."))
    return redirect(community)
