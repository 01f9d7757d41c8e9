"""Joining, requesting, approving, leaving, roles and removal."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import notices
from communities import permissions as perms
from communities.access import member_access_changed
from communities.models import (
    ROLE_RANK,
    CommunityKind,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
)
from communities.services._rows import (
    _activate,
    _deactivate,
    _get_or_create_locked,
    _locked_membership,
    _should_be_in_moderators_community,
    _sync_moderators_community,
)

logger = logging.getLogger(__name__)


def membership_add(*, actor, community, user, role="member") -> Membership:
    """Add ``user`` as an active member at once (launches, staff, first owners)."""
    if actor is not None and not (perms.can_moderate_community(actor, community)):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if (
        actor is not None
        and ROLE_RANK[role] >= ROLE_RANK[Role.MODERATOR]
        and not perms.can_change_roles(actor, community)
    ):
        raise PermissionDenied
    with transaction.atomic():
        membership, _created = _get_or_create_locked(user, community, role=role, status=MembershipStatus.INVITED)
        membership.community = community
        _activate(membership, role=role, decided_by=actor)
        _sync_moderators_community(user)
    return membership


def membership_join(*, actor, community) -> Membership:
    """Join an open community (or accept a standing invitation).  Joining twice is a no-op."""
    with transaction.atomic():
        membership = _locked_membership(actor, community)
        if membership is not None and membership.status == MembershipStatus.ACTIVE:
            return membership
        perms.forget_memberships(actor)
        if not perms.can_join_community(actor, community):
            raise PermissionDenied
        if membership is None:
            membership, _created = _get_or_create_locked(actor, community, status=MembershipStatus.INVITED)
            if membership.status == MembershipStatus.ACTIVE:
                return membership
        role = membership.role if membership.status == MembershipStatus.INVITED else Role.MEMBER
        membership.community = community
        _activate(membership, role=role)
        if role != Role.MEMBER:
            _sync_moderators_community(actor)
        Invitation.objects.filter(
            community=community, email__iexact=actor.email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(accepted_at=timezone.now(), accepted_by=actor)
    return membership


def membership_request(*, actor, community, message="") -> Membership:
    """Ask to join a request-only community; moderators are notified.  Asking twice is a no-op."""
    message = (message or "").strip()
    if len(message) > 2000:
        raise ValidationError({"message": _("Keep the message under 2,000 characters.")})
    with transaction.atomic():
        membership = _locked_membership(actor, community)
        if membership is not None and membership.status in (MembershipStatus.PENDING, MembershipStatus.ACTIVE):
            return membership
        perms.forget_memberships(actor)
        if not perms.can_request_to_join(actor, community):
            raise PermissionDenied
        membership, created = _get_or_create_locked(
            actor, community, status=MembershipStatus.PENDING, request_message=message
        )
        if not created:
            if membership.status in (MembershipStatus.PENDING, MembershipStatus.ACTIVE):
                return membership
            membership.status = MembershipStatus.PENDING
            membership.role = Role.MEMBER
            membership.request_message = message
            membership.created_at = timezone.now()
            membership.decided_by = None
            membership.decided_at = None
            membership.save()
        perms.forget_memberships(actor)
        notices.join_requested.send(community_id=community.pk, user_id=actor.pk)
    return membership


def _pending(community, memberships) -> list[Membership]:
    """The pending rows among ``memberships`` (ids or objects) that belong to ``community``."""
    if isinstance(memberships, Membership | int | str):
        memberships = [memberships]
    ids = []
    for m in memberships:
        raw = m.pk if isinstance(m, Membership) else m
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            continue
    return list(
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk__in=ids, community=community, status=MembershipStatus.PENDING)
        .order_by("pk")
    )


def _resolve(community, memberships, membership):
    """Accept ``memberships=`` (one or many, ids or rows) or ``membership=``; infer the community from rows."""
    if membership is not None:
        memberships = [membership]
    if community is None:
        rows = [memberships] if isinstance(memberships, Membership) else list(memberships or ())
        if not rows or not all(isinstance(m, Membership) for m in rows):
            raise ValueError("community is required when memberships are given as ids")
        if len({m.community_id for m in rows}) != 1:
            raise ValueError("memberships of several communities")
        community = rows[0].community
    return community, memberships


def _decide(*, actor, community, memberships, membership, decide, approved) -> list[Membership]:
    """Apply one decision to the pending requests among ``memberships`` and tell each person."""
    community, memberships = _resolve(community, memberships, membership)
    if not perms.can_approve_members(actor, community):
        raise PermissionDenied
    done = []
    with transaction.atomic():
        for row in _pending(community, memberships):
            row.community = community
            decide(row)
            done.append(row)
        if done:
            notices.requests_decided.send(
                community_id=community.pk,
                user_ids=[row.user_id for row in done],
                approved=approved,
                actor_id=actor.pk if actor is not None else None,
            )
    return done


def membership_approve(*, actor, community=None, memberships=(), membership=None) -> list[Membership]:
    """Approve one or many pending requests (ids or rows); others' ids are ignored."""
    return _decide(
        actor=actor,
        community=community,
        memberships=memberships,
        membership=membership,
        decide=lambda row: _activate(row, role=Role.MEMBER, decided_by=actor),
        approved=True,
    )


def membership_decline(*, actor, community=None, memberships=(), membership=None) -> list[Membership]:
    """Decline one or many pending requests; the person is told, and may ask again later."""
    return _decide(
        actor=actor,
        community=community,
        memberships=memberships,
        membership=membership,
        decide=lambda row: _deactivate(row, MembershipStatus.DECLINED, decided_by=actor),
        approved=False,
    )


def _active_owner_count(community) -> int:
    return Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE, role=Role.OWNER).count()


def membership_leave(*, actor, community) -> Membership:
    """Leave a community.  The last owner must hand over first."""
    with transaction.atomic():
        membership = _locked_membership(actor, community)
        if membership is None or membership.status != MembershipStatus.ACTIVE:
            raise ValidationError(_("You are not a member of this community."))
        if membership.role == Role.OWNER and _active_owner_count(community) <= 1:
            raise ValidationError(_("You are the only owner. Make someone else an owner before leaving."))
        if community.kind == CommunityKind.MODERATORS and _should_be_in_moderators_community(actor):
            raise ValidationError(_("Every moderator belongs to the Community for Moderators."))
        membership.community = community
        _deactivate(membership, MembershipStatus.LEFT)
        membership.role = Role.MEMBER
        membership.save(update_fields=["role"])
        _sync_moderators_community(actor)
    return membership


def membership_set_role(*, actor, community, user, role) -> Membership:
    """Owners appoint and remove moderators; only staff appoint or demote owners."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if not perms.can_change_roles(actor, community):
        raise PermissionDenied
    if not perms.can_act_on_member(actor, community, user):
        raise PermissionDenied
    if role == Role.OWNER and not perms.is_staff(actor):
        raise PermissionDenied
    with transaction.atomic():
        membership = _locked_membership(user, community)
        if membership is None or membership.status != MembershipStatus.ACTIVE:
            raise ValidationError(_("Only active members can be given a role."))
        if membership.role == role:
            return membership
        if membership.role == Role.OWNER and _active_owner_count(community) <= 1:
            raise ValidationError(_("A community needs at least one owner."))
        membership.role = role
        membership.save(update_fields=["role"])
        perms.forget_memberships(user)
        member_access_changed(user.pk, community.pk)
        _sync_moderators_community(user)
        notices.role_changed.send(
            community_id=community.pk, user_id=user.pk, role=role, actor_id=actor.pk if actor is not None else None
        )
    return membership


def membership_remove(*, actor, community, user, ban=False) -> Membership:
    """Remove a member (``ban=True`` also keeps them from rejoining)."""
    if not perms.can_remove_member(actor, community, user):
        raise PermissionDenied
    with transaction.atomic():
        membership = _locked_membership(user, community)
        if membership is None:
            if not ban:
                raise ValidationError(_("This person is not a member."))
            membership, _created = _get_or_create_locked(user, community, status=MembershipStatus.BANNED)
        membership.community = community
        _deactivate(membership, MembershipStatus.BANNED if ban else MembershipStatus.LEFT, decided_by=actor)
        membership.role = Role.MEMBER
        membership.save(update_fields=["role"])
        _sync_moderators_community(user)
    return membership
