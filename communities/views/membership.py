"""Joining, asking to join, leaving, and accepting an emailed invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import ratelimits
from communities import permissions as perms
from communities import services
from communities.forms import JoinRequestForm
from communities.models import MembershipStatus
from communities.selectors import INVITATION_SESSION_KEY
from communities.views._common import (
    community_context,
    get_community_or_404,
    refuse,
)

# Join requests and invitations reach other people's notifications: keep them human-paced.
REQUEST_RATE = getattr(settings, "COMMUNITY_REQUEST_RATE", "20/h")


@require_POST
def join(request, slug):
    community = get_community_or_404(request, slug)
    if perms.is_active_member(request.user, community):
        messages.info(request, _("You are already a member of this community."))
        return redirect(community)
    if not perms.can_join_community(request.user, community):
        return refuse(request, community, outsider=True)
    services.membership_join(actor=request.user, community=community)
    messages.success(request, _("Welcome to %(community)s!") % {"community": community.name})
    return redirect(community)


def request_join(request, slug):
    """GET: the request form; POST: send the request (asking twice keeps one request)."""
    community = get_community_or_404(request, slug)
    membership = perms.get_membership(request.user, community)
    if membership is not None and membership.status in (MembershipStatus.ACTIVE, MembershipStatus.PENDING):
        if request.method == "POST":
            if membership.status == MembershipStatus.PENDING:
                messages.info(request, _("Your request is already with the moderators."))
            else:
                messages.info(request, _("You are already a member of this community."))
        return redirect(community)
    if not perms.can_request_to_join(request.user, community):
        return refuse(request, community, outsider=True)
    form = JoinRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimits.hit("community-request", str(request.user.pk), REQUEST_RATE):
            form.add_error(None, _("You have sent many join requests recently. Please try again later."))
            status = 429
        elif form.is_valid():
            try:
                services.membership_request(
                    actor=request.user, community=community, message=form.cleaned_data["message"]
                )
            except ValidationError as exc:
                form.add_error("message", exc.messages)
                status = 400
            else:
                messages.success(
                    request, _("Your request was sent. The moderators will review it and you will be notified.")
                )
                return redirect(community)
        else:
            status = 400
    context = community_context(request, community, "about")
    context["form"] = form
    return render(request, "communities/membership_request.html", context, status=status)


@require_POST
def leave(request, slug):
    community = get_community_or_404(request, slug)
    if not perms.can_leave_community(request.user, community):
        if perms.can_see_community_exists(request.user, community) and request.user.is_authenticated:
            messages.info(request, _("You are not a member of this community."))
            return redirect(community)
        return refuse(request, community, outsider=True)
    try:
        services.membership_leave(actor=request.user, community=community)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(community)
    messages.success(request, _("You left %(community)s.") % {"community": community.name})
    return redirect(community if perms.can_see_community_exists(request.user, community) else "communities:directory")


def _masked(email):
    """j•••@example.org: enough for the invited person to recognise, not a lookup for others."""
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def _wrong_account(request, invitation, token, state):
    path = reverse("communities:invitation", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "community": invitation.community,
        "state": state,
        "invited_address": _masked(invitation.email),
        "next_path": path,
        "email_url": reverse("account_email"),
    }
    return render(request, "communities/invitation_wrong_account.html", context, status=403)


def invitation(request, token):
    """The page an emailed invitation links to; works before the person has an account."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return render(request, "communities/invitation_invalid.html", status=404)
    community = invitation.community
    if not request.user.is_authenticated:
        tokens = request.session.get(INVITATION_SESSION_KEY, [])
        if token not in tokens:
            request.session[INVITATION_SESSION_KEY] = [*tokens, token][-5:]
        if request.method == "POST":
            return redirect_to_login(request.path)
        next_query = urlencode({"next": request.path})
        return render(
            request,
            "communities/invitation_detail.html",
            {
                "invitation": invitation,
                "community": community,
                "signup_url": f"{reverse('account_signup')}?{next_query}",
                "invited_address": "" if invitation.is_link else _masked(invitation.email),
                "login_url": f"{reverse('account_login')}?{next_query}",
            },
        )
    state = perms.invitation_address_state(request.user, invitation)
    if state != "ok":
        return _wrong_account(request, invitation, token, state)
    if request.method == "POST":
        try:
            services.invitation_accept(actor=request.user, invitation=invitation)
        except services.InvitationAddressError as exc:
            return _wrong_account(request, invitation, token, exc.state)
        except PermissionDenied:
            messages.error(request, _("You cannot join this community."))
            return redirect("communities:directory")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("communities:directory")
        tokens = [t for t in request.session.get(INVITATION_SESSION_KEY, []) if t != token]
        request.session[INVITATION_SESSION_KEY] = tokens
        messages.success(request, _("Welcome to %(community)s!") % {"community": community.name})
        return redirect(community)
    return render(
        request,
        "communities/invitation_detail.html",
        {
            "invitation": invitation,
            "community": community,
            "already_member": perms.is_active_member(request.user, community),
        },
    )
