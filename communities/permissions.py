"""Who may do what in a community.  The only place these rules live.

Per-object checks (``can_*``) are paired with queryset filters (``*_visible_to``) so
lists, search and feeds show exactly what the per-object check allows.

Roles: anonymous, signed-in non-member, pending, invited, member, moderator, owner,
banned, staff.  Visibility: public (anyone reads, members post), private (members only,
listed), hidden (invitation only, unlisted; outsiders get 404).
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from communities.models import (
    ROLE_RANK,
    STAFF_ROLES,
    Community,
    CommunityKind,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Role,
    Visibility,
)

MEMBERSHIP_CACHE_ATTR = "_hub_membership_cache"


def get_membership(user, community) -> Membership | None:
    """The user's membership row in ``community`` (any status), cached on the user object."""
    if user is None or not user.is_authenticated or community is None or community.pk is None:
        return None
    cache = getattr(user, MEMBERSHIP_CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, MEMBERSHIP_CACHE_ATTR, cache)
    if community.pk not in cache:
        cache[community.pk] = Membership.objects.filter(user=user, community=community).first()
    return cache[community.pk]


def remember_membership(user, community, membership) -> None:
    """Keep ``membership`` (the user's row in ``community`` loaded with it, or None when there
    is none) for ``get_membership``, saving its query."""
    if user is None or not user.is_authenticated or community.pk is None:
        return
    cache = getattr(user, MEMBERSHIP_CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, MEMBERSHIP_CACHE_ATTR, cache)
    if membership is not None:
        membership.community, membership.user = community, user
    cache[community.pk] = membership


def forget_memberships(user) -> None:
    """Drop the cached membership rows (after a service changed them)."""
    if user is not None and hasattr(user, MEMBERSHIP_CACHE_ATTR):
        delattr(user, MEMBERSHIP_CACHE_ATTR)


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def is_active_member(user, community) -> bool:
    membership = get_membership(user, community)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def role_rank(user, community) -> int:
    """0 for non-members, 1 member, 2 moderator, 3 owner (active memberships only)."""
    membership = get_membership(user, community)
    return membership.rank if membership else 0


# --- Seeing ------------------------------------------------------------------------------


def can_view_community(user, community) -> bool:
    """Read the community's discussions (public: anyone; otherwise active members and staff)."""
    if is_staff(user):
        return True
    membership = get_membership(user, community)
    if membership is not None and membership.status == MembershipStatus.BANNED:
        return False
    if community.visibility == Visibility.PUBLIC:
        return True
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def can_see_community_exists(user, community) -> bool:
    """See the community's card and About page (hidden ones only for members/invitees)."""
    if community.visibility != Visibility.HIDDEN or is_staff(user):
        return True
    membership = get_membership(user, community)
    return membership is not None and membership.status in (MembershipStatus.ACTIVE, MembershipStatus.INVITED)


def check_can_view_community(user, community) -> None:
    """Raise Http404 (never 403: existence of private content is not revealed)."""
    if not can_view_community(user, community):
        raise Http404


def communities_visible_to(user, qs=None):
    """Communities whose content ``user`` may read (the queryset twin of can_view_community)."""
    qs = Community.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    if user is None or not user.is_authenticated:
        return qs.filter(visibility=Visibility.PUBLIC)
    banned = Membership.objects.filter(user=user, community=OuterRef("pk"), status=MembershipStatus.BANNED)
    active = Membership.objects.filter(user=user, community=OuterRef("pk"), status=MembershipStatus.ACTIVE)
    return qs.filter(Q(visibility=Visibility.PUBLIC) | Q(Exists(active))).exclude(Exists(banned))


def communities_listed_for(user, qs=None):
    """Communities shown in the directory: public and private ones, plus hidden ones the user belongs to."""
    qs = Community.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    if user is None or not user.is_authenticated:
        return qs.exclude(visibility=Visibility.HIDDEN)
    mine = Membership.objects.filter(
        user=user,
        community=OuterRef("pk"),
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.INVITED],
    )
    return qs.filter(~Q(visibility=Visibility.HIDDEN) | Q(Exists(mine)))


# The same rules as SQL conditions, for the few list queries written out as SQL (building
# them with the ORM cost more than running them).  Each takes the alias of the community
# table in the caller's query and returns (sql, params); tests compare each with its
# queryset twin for every role and visibility.


def _membership_exists(user, community_id, statuses, roles=()):
    table = Membership._meta.db_table
    sql = (
        f"EXISTS (SELECT 1 FROM {table} pm WHERE pm.community_id = {community_id} AND pm.user_id = %s"  # noqa: S608
        f" AND pm.status IN ({', '.join(['%s'] * len(statuses))})"
    )
    params = [user.pk, *statuses]
    if roles:
        sql += f" AND pm.role IN ({', '.join(['%s'] * len(roles))})"
        params += list(roles)
    return sql + ")", params


def communities_visible_sql(user, community="c"):
    """``communities_visible_to`` as a condition on the community table aliased ``community``."""
    if is_staff(user):
        return "1 = 1", []
    if user is None or not user.is_authenticated:
        return f"{community}.visibility = %s", [Visibility.PUBLIC]
    active, active_params = _membership_exists(user, f"{community}.id", [MembershipStatus.ACTIVE])
    banned, banned_params = _membership_exists(user, f"{community}.id", [MembershipStatus.BANNED])
    sql = f"(({community}.visibility = %s OR {active}) AND NOT {banned})"
    return sql, [Visibility.PUBLIC, *active_params, *banned_params]


def communities_listed_sql(user, community="c"):
    """``communities_listed_for`` as a condition on the community table aliased ``community``."""
    if is_staff(user):
        return "1 = 1", []
    if user is None or not user.is_authenticated:
        return f"{community}.visibility <> %s", [Visibility.HIDDEN]
    mine, params = _membership_exists(user, f"{community}.id", [MembershipStatus.ACTIVE, MembershipStatus.INVITED])
    return f"({community}.visibility <> %s OR {mine})", [Visibility.HIDDEN, *params]


def communities_moderated_sql(user, community_id):
    """Whether the community whose id is the SQL expression ``community_id`` is one of
    ``moderated_communities(user)``."""
    if is_staff(user):
        return "1 = 1", []
    if user is None or not user.is_authenticated:
        return "1 = 0", []
    return _membership_exists(user, community_id, [MembershipStatus.ACTIVE], STAFF_ROLES)


# --- Taking part ----------------------------------------------------------------------------


def is_suspended_in(user, community, now=None) -> bool:
    membership = get_membership(user, community)
    return membership is not None and membership.is_suspended(now)


def can_post_in_community(user, community) -> bool:
    """Start threads and reply: active, unsuspended members of an unarchived community."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if community.is_archived:
        return False
    if is_staff(user):
        return True
    return is_active_member(user, community) and not is_suspended_in(user, community)


def can_react_in_community(user, community) -> bool:
    return can_post_in_community(user, community)


def can_flag_in_community(user, community) -> bool:
    """Active, unsuspended members flag content there (``moderation.permissions.can_flag``
    and ``discussions.permissions.post_actions`` add what the item itself needs)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return is_active_member(user, community) and can_post_in_community(user, community)


def can_join_community(user, community) -> bool:
    """Join at once (open policy)."""
    if user is None or not user.is_authenticated or community.is_archived:
        return False
    if community.kind == CommunityKind.MODERATORS:
        return False
    membership = get_membership(user, community)
    if membership is not None and membership.status in (
        MembershipStatus.ACTIVE,
        MembershipStatus.BANNED,
        MembershipStatus.PENDING,
    ):
        return False
    if membership is not None and membership.status == MembershipStatus.INVITED:
        return True
    return community.join_policy == JoinPolicy.OPEN and community.visibility != Visibility.HIDDEN


def can_request_to_join(user, community) -> bool:
    if user is None or not user.is_authenticated or community.is_archived:
        return False
    if community.kind == CommunityKind.MODERATORS or community.join_policy != JoinPolicy.REQUEST:
        return False
    if community.visibility == Visibility.HIDDEN:
        return False
    membership = get_membership(user, community)
    return membership is None or membership.status in (MembershipStatus.LEFT, MembershipStatus.DECLINED)


def can_leave_community(user, community) -> bool:
    membership = get_membership(user, community)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


# --- Running a community ------------------------------------------------------------------


def can_moderate_community(user, community) -> bool:
    """Moderators, owners and staff: approve members, pin/lock/hide, handle flags."""
    if is_staff(user):
        return True
    return role_rank(user, community) >= ROLE_RANK[Role.MODERATOR]


def check_can_moderate_community(user, community) -> None:
    if not can_moderate_community(user, community):
        if can_view_community(user, community):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        raise Http404


def can_invite_to_community(user, community) -> bool:
    return can_moderate_community(user, community) and not community.is_archived


def can_change_roles(user, community) -> bool:
    """Owners (and staff) appoint or remove moderators."""
    if is_staff(user):
        return True
    return role_rank(user, community) >= ROLE_RANK[Role.OWNER]


def can_act_on_member(actor, community, target) -> bool:
    """Nobody acts on someone of a higher or equal role, nor on staff (staff act on anyone but staff)."""
    if actor == target:
        return False
    if is_staff(target):
        return False
    if is_staff(actor):
        return True
    if not can_moderate_community(actor, community):
        return False
    return role_rank(actor, community) > role_rank(target, community)


def can_manage_community_settings(user, community) -> bool:
    if is_staff(user):
        return True
    return role_rank(user, community) >= ROLE_RANK[Role.OWNER]


def can_create_community(user) -> bool:
    return is_staff(user)


def moderated_communities(user, qs=None):
    """Communities where ``user`` is an active moderator or owner (all for staff)."""
    qs = Community.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs.filter(pk__in=Membership.objects.moderators().filter(user=user).values("community_id"))


# --- Added with the community pages ------------------------------------------------------


def can_list_members(user, community) -> bool:
    """The Members tab is community content: whoever may read the community."""
    return can_view_community(user, community)


def can_approve_members(user, community) -> bool:
    """Approve or decline join requests (moderators, owners, staff)."""
    return can_moderate_community(user, community)


def can_archive_community(user, community) -> bool:
    """Archiving (read-only) and unarchiving is a staff decision."""
    return is_staff(user)


def can_remove_member(actor, community, target) -> bool:
    """Remove (ban) a member: a moderator acting on someone of a lower role."""
    return can_moderate_community(actor, community) and can_act_on_member(actor, community, target)


def can_act_on_membership(actor, community, membership) -> bool:
    """``can_act_on_member`` for a membership row already loaded (lists: no query per row)."""
    target = membership.user
    if actor is None or not actor.is_authenticated or actor.pk == target.pk or is_staff(target):
        return False
    if is_staff(actor):
        return True
    if not can_moderate_community(actor, community):
        return False
    return role_rank(actor, community) > membership.rank


def deny_community_action(user, community):
    """The refusal for an action ``user`` may not take: 404 where the community or its content
    is not theirs to see, 403 where they can already read it.  Returns None for anonymous
    visitors of a community that exists for them (the caller sends them to log in)."""
    from django.core.exceptions import PermissionDenied

    if not can_see_community_exists(user, community):
        raise Http404
    if user is None or not user.is_authenticated:
        return None
    if can_view_community(user, community):
        raise PermissionDenied
    raise Http404


def deny_outsider_action(user, community):
    """Refusal for joining/requesting: the join button is public wherever the community is listed."""
    from django.core.exceptions import PermissionDenied

    if not can_see_community_exists(user, community):
        raise Http404
    if user is None or not user.is_authenticated:
        return None
    raise PermissionDenied


def can_create_invitation_link(user, community) -> bool:
    """Owners (and staff) make "anyone with this link" invitations; moderators invite by email."""
    return can_change_roles(user, community) and not community.is_archived


def invitation_address_state(user, invitation) -> str:
    """Whether ``user`` may accept ``invitation`` as far as its address goes.

    "ok": a link invitation (anyone signed in who holds it), or an emailed one and the
    account has verified that address; "unverified": the account has the address but has
    not confirmed it; "other": the invitation was sent to someone else."""
    from allauth.account.models import EmailAddress

    if invitation.is_link:
        return "ok"
    if not user.is_authenticated:
        return "other"
    addresses = EmailAddress.objects.filter(user=user, email__iexact=invitation.email)
    if addresses.filter(verified=True).exists():
        return "ok"
    if addresses.exists() or (user.email or "").lower() == invitation.email.lower():
        return "unverified"
    return "other"
