"""Membership row helpers shared by the services, and the Community for Moderators sync.

The member count moves with communities.counters in the writing transaction; callers hold it."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from communities import permissions as perms
from communities.access import member_access_changed
from communities.counters import members_changed
from communities.models import (
    Community,
    CommunityKind,
    Membership,
    MembershipStatus,
    Role,
)

logger = logging.getLogger(__name__)

# Path segments under /c/ that are pages, not communities.
RESERVED_SLUGS = {"new", "invitations", "invitation", "admin", "api", "search", "feed", "thread"}
INVITATION_DAYS = 14
INVITATION_SALT = "communities.invitation"
LINK_MAX_DAYS = 30  # "anyone with this link" invitations
LINK_MAX_USES = 500


# --- Memberships -----------------------------------------------------------------------------


def _locked_membership(user, community) -> Membership | None:
    return Membership.objects.select_for_update().filter(user=user, community=community).first()


def _activate(membership: Membership, *, role=None, decided_by=None) -> Membership:
    """Make ``membership`` active (saving it) and keep the member count right."""
    was_active = membership.status == MembershipStatus.ACTIVE
    now = timezone.now()
    membership.status = MembershipStatus.ACTIVE
    if role is not None:
        membership.role = role
    if not was_active:
        membership.joined_at = now
    if decided_by is not None:
        membership.decided_by = decided_by
        membership.decided_at = now
    membership.save()
    if not was_active:
        members_changed(membership.community, +1)
    perms.forget_memberships(membership.user)
    return membership


def _deactivate(membership: Membership, status: str, *, decided_by=None) -> Membership:
    was_active = membership.status == MembershipStatus.ACTIVE
    membership.status = status
    if decided_by is not None:
        membership.decided_by = decided_by
        membership.decided_at = timezone.now()
    membership.save()
    if was_active:
        members_changed(membership.community, -1)
        member_access_changed(membership.user_id, membership.community_id)
    perms.forget_memberships(membership.user)
    return membership


def _get_or_create_locked(user, community, **defaults) -> tuple[Membership, bool]:
    """Lock the row or create it; a concurrent double-submit ends with one row."""
    membership = _locked_membership(user, community)
    if membership is not None:
        return membership, False
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, community=community, **defaults), True
    except IntegrityError:
        return _locked_membership(user, community), False


# --- Community for Moderators ----------------------------------------------------------------


def _should_be_in_moderators_community(user) -> bool:
    return Membership.objects.moderators().filter(user=user).exclude(community__kind=CommunityKind.MODERATORS).exists()


def _sync_moderators_community(user) -> None:
    """Every active moderator/owner of some community belongs to the Community for Moderators."""
    rooms = list(Community.objects.filter(kind=CommunityKind.MODERATORS))
    if not rooms:
        return
    should = _should_be_in_moderators_community(user)
    for room in rooms:
        membership = _locked_membership(user, room)
        if should:
            if membership is None:
                membership, _created = _get_or_create_locked(user, room, status=MembershipStatus.INVITED)
            if membership.status not in (MembershipStatus.ACTIVE, MembershipStatus.BANNED):
                membership.community = room
                _activate(membership, role=Role.MEMBER)
        elif membership is not None and membership.status == MembershipStatus.ACTIVE and membership.role == Role.MEMBER:
            membership.community = room
            _deactivate(membership, MembershipStatus.LEFT)


def moderators_community_sync_all() -> int:
    """Bring the Community for Moderators in line with every community's team (demo, repair)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = (
        get_user_model()
        .objects.filter(
            Q(pk__in=Membership.objects.moderators().values("user_id"))
            | Q(memberships__community__kind=CommunityKind.MODERATORS)
        )
        .distinct()
    )
    n = 0
    with transaction.atomic():
        for user in users:
            _sync_moderators_community(user)
            n += 1
    return n
