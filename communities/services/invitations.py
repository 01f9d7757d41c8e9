"""Email invitations with a signed, expiring, single-use link."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import notices
from communities import permissions as perms
from communities.models import (
    ROLE_RANK,
    Invitation,
    InvitationKind,
    Membership,
    MembershipStatus,
    Role,
)
from communities.services._rows import (
    INVITATION_DAYS,
    INVITATION_SALT,
    LINK_MAX_DAYS,
    LINK_MAX_USES,
    _activate,
    _get_or_create_locked,
    _locked_membership,
    _sync_moderators_community,
)
from hub.i18n import deferred
from outbox.services import email_queue, link

logger = logging.getLogger(__name__)


# --- Invitations -----------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a token names, or None when forged, expired, used or revoked."""
    try:
        # The row's own expires_at is the real limit; the signature only bounds a link's age.
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max(INVITATION_DAYS, LINK_MAX_DAYS) * 86400)
        pk = int(data["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    invitation = Invitation.objects.select_related("community", "invited_by").filter(pk=pk).first()
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


def invitation_create(*, actor, community, email, role="member", message="") -> Invitation:
    """Invite someone by email; the email with the signed link goes through the outbox."""
    from django.contrib.auth import get_user_model
    from django.core.validators import validate_email

    if not perms.can_invite_to_community(actor, community):
        raise PermissionDenied
    email = (email or "").strip().lower()
    if len(email) > 254 or "\x00" in email:
        raise ValidationError({"email": _("Enter a valid email address.")})
    validate_email(email)
    if role not in Role.values or role == Role.OWNER:
        raise ValidationError({"role": _("Choose a valid role.")})
    if role == Role.MODERATOR and not perms.can_change_roles(actor, community):
        raise PermissionDenied
    message = (message or "").strip()
    if len(message) > 2000:
        raise ValidationError({"message": _("Keep the message under 2,000 characters.")})
    # Only an account that has confirmed the address is the invitee: anyone can sign up with
    # an address they do not own, and must not see a hidden community through it.
    User = get_user_model()
    invitee = User.objects.filter(emailaddress__email__iexact=email, emailaddress__verified=True).distinct().first()
    holder = invitee or User.objects.filter(email__iexact=email).first()
    with transaction.atomic():
        if holder is not None:
            membership = _locked_membership(holder, community)
            if membership is not None and membership.status == MembershipStatus.ACTIVE:
                raise ValidationError({"email": _("This person is already a member.")})
            if membership is not None and membership.status == MembershipStatus.BANNED:
                raise ValidationError({"email": _("This person was removed from the community.")})
        invitation = Invitation.objects.create(
            community=community,
            email=email,
            role=role,
            invited_by=actor,
            message=message,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        token = invitation_token(invitation)
        if invitee is not None:
            membership, _created = _get_or_create_locked(invitee, community, status=MembershipStatus.INVITED, role=role)
            if membership.status != MembershipStatus.INVITED:
                membership.status = MembershipStatus.INVITED
                membership.role = role
                membership.save(update_fields=["status", "role"])
            perms.forget_memberships(invitee)
            notices.member_invited.send(invitation_id=invitation.pk, user_id=invitee.pk)
        # A member is written to in their language; someone without an account yet in the
        # language the invitation was sent from.  The row is written with the invitation and
        # sent after commit: a mail server outage delays it, never loses it.
        email_queue(
            to_user=invitee,
            to_email=email,
            language=translation.get_language(),
            kind="invitation",
            subject=deferred(
                gettext_lazy("%(name)s invited you to %(community)s on %(site)s"),
                name=actor.name,
                community=community.name,
                site=settings.SITE_NAME,
            ),
            template="communities/email/invitation",
            context={
                "invitation": invitation,
                "link": link("communities:invitation", token=token),
                "community": community,
                "actor": actor,
            },
            source=f"invitation:{invitation.pk}",
        )
    return invitation


class InvitationAddressError(ValidationError):
    """An emailed invitation opened by an account without that verified address."""

    def __init__(self, state):
        self.state = state
        if state == "unverified":
            message = _("Confirm your email address first: this invitation was sent to it.")
        else:
            message = _("This invitation was sent to another email address.")
        super().__init__(message)


def invitation_link_create(*, actor, community, days, max_uses) -> Invitation:
    """An owner's "anyone with this link" invitation (member role), with an expiry and a use limit."""
    if not perms.can_create_invitation_link(actor, community):
        raise PermissionDenied
    errors = {}
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    try:
        max_uses = int(max_uses)
    except (TypeError, ValueError):
        max_uses = 0
    if not 1 <= days <= LINK_MAX_DAYS:
        errors["days"] = _("Choose between 1 and %(n)s days.") % {"n": LINK_MAX_DAYS}
    if not 1 <= max_uses <= LINK_MAX_USES:
        errors["max_uses"] = _("Choose between 1 and %(n)s people.") % {"n": LINK_MAX_USES}
    if errors:
        raise ValidationError(errors)
    return Invitation.objects.create(
        community=community,
        kind=InvitationKind.LINK,
        role=Role.MEMBER,
        invited_by=actor,
        max_uses=max_uses,
        expires_at=timezone.now() + timedelta(days=days),
    )


def invitation_accept(*, actor, invitation: Invitation) -> Membership:
    """Use an invitation: the signed-in person becomes an active member.  An emailed one is
    single-use and only for an account with that verified address; a link counts its uses."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("community").get(pk=invitation.pk)
        if not invitation.is_usable():
            raise ValidationError(_("This invitation has expired or was already used."))
        state = perms.invitation_address_state(actor, invitation)
        if state != "ok":
            raise InvitationAddressError(state)
        community = invitation.community
        if community.is_archived:
            raise ValidationError(_("This community is archived and takes no new members."))
        membership = _locked_membership(actor, community)
        if membership is not None and membership.status == MembershipStatus.BANNED:
            raise PermissionDenied
        if invitation.is_link:
            if membership is not None and membership.status == MembershipStatus.ACTIVE:
                return membership  # already in: the link keeps its uses
            if membership is None:
                membership, _created = _get_or_create_locked(actor, community, status=MembershipStatus.INVITED)
            membership.community = community
            _activate(membership, role=Role.MEMBER, decided_by=invitation.invited_by)
            Invitation.objects.filter(pk=invitation.pk).update(use_count=F("use_count") + 1)
            return membership
        if membership is None:
            membership, _created = _get_or_create_locked(actor, community, status=MembershipStatus.INVITED)
        role = invitation.role if ROLE_RANK[invitation.role] > membership.rank else membership.role
        membership.community = community
        _activate(membership, role=role, decided_by=invitation.invited_by)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _sync_moderators_community(actor)
    return membership


def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    if not perms.can_invite_to_community(actor, invitation.community):
        raise PermissionDenied
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        if invitation.is_link:
            return invitation
        Membership.objects.filter(
            community=invitation.community, user__email__iexact=invitation.email, status=MembershipStatus.INVITED
        ).update(status=MembershipStatus.DECLINED)
    return invitation


def accept_pending_invitations(*, user, tokens: Iterable[str]) -> list[Membership]:
    """Accept invitations remembered in the session before the person signed up or logged in."""
    accepted = []
    for token in tokens:
        invitation = invitation_from_token(token)
        if invitation is None:
            continue
        try:
            accepted.append(invitation_accept(actor=user, invitation=invitation))
        except (ValidationError, PermissionDenied):
            continue
    return accepted
