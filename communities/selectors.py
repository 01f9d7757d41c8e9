"""Read queries for the community pages, each taking the viewer."""

from django.db.models import F, Q
from django.urls import reverse
from taggit.models import Tag

from communities import permissions as perms
from communities.models import (
    Community,
    CommunityKind,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
)
from communities.services import invitation_from_token
from hub import pagecache

# The session key remembering invitation links opened before signing up or logging in.
INVITATION_SESSION_KEY = "community_invitations"

SORTS = {
    "active": (F("last_activity_at").desc(nulls_last=True), "name"),
    "newest": ("-created_at", "name"),
    "largest": ("-member_count", "name"),
    "name": ("name",),
}


def community_list_for_directory(*, viewer, q="", topic="", sort="active"):
    """Communities listed for ``viewer`` (hidden ones only for their members), searched and sorted."""
    qs = perms.communities_listed_for(viewer, Community.objects.all())
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(tagline__icontains=q) | Q(description__icontains=q))
    if topic:
        qs = qs.filter(topics__slug=topic)
    return qs.order_by(*SORTS.get(sort, SORTS["active"])).distinct()


def community_topics_for_directory(*, viewer):
    """Topic tags used by the communities the viewer can see listed (for the filter)."""
    listed = perms.communities_listed_for(viewer, Community.objects.all())
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="communities",
            taggit_taggeditem_items__content_type__model="community",
            taggit_taggeditem_items__object_id__in=listed.values("pk"),
        )
        .distinct()
        .order_by("name")
    )


def membership_map_for(*, viewer, communities) -> dict[int, Membership]:
    """The viewer's membership rows for a page of communities (one query)."""
    if viewer is None or not viewer.is_authenticated:
        return {}
    ids = [c.pk for c in communities]
    return {m.community_id: m for m in Membership.objects.filter(user=viewer, community_id__in=ids)}


def attach_topics(communities):
    """Set ``topic_list`` (their topic tags, by name) on each community, in one query.

    Cheaper than ``prefetch_related("topics")``, which builds a taggit manager per community.
    """
    from taggit.models import TaggedItem

    communities = list(communities)
    found = {community.pk: [] for community in communities}
    if found:
        items = (
            TaggedItem.objects.filter(
                content_type__app_label="communities", content_type__model="community", object_id__in=found
            )
            .select_related("tag")
            .order_by("tag__name")
        )
        for item in items:
            found[item.object_id].append(item.tag)
    for community in communities:
        community.topic_list = found[community.pk]
    return communities


def community_cards(*, viewer, communities, memberships=None):
    """The cards of ``communities`` (``communities/_card.html``) for this viewer: each card's
    HTML is shared by every reader with the same membership badge (``hub.pagecache.Fragments``,
    fresh while the community's generation is), so only the cards not stored are rendered
    (their topics loaded in one query).  Sets ``viewer_membership`` on each community."""

    if memberships is None:
        memberships = membership_map_for(viewer=viewer, communities=communities)
    cards = pagecache.Fragments("communitycard")
    for community in communities:
        membership = memberships.get(community.pk)
        community.viewer_membership = membership
        badge = (membership.status, membership.role) if membership is not None else None
        cards.want(community.pk, variant=badge, scopes=[pagecache.community_scope(community.slug)])
    cards.fetch()
    missing = set(cards.missing())
    attach_topics([c for c in communities if c.pk in missing])
    return cards


def community_get_for_viewer(*, slug, viewer) -> Community | None:
    """The community with ``slug`` if it exists for the viewer (None = 404, no oracle)."""
    community = Community.objects.filter(slug=slug).prefetch_related("topics").first()
    if community is None or not perms.can_see_community_exists(viewer, community):
        return None
    return community


def community_moderator_ids(*, community) -> list[int]:
    """The active members who moderate or own ``community`` (an object or an id): who is told
    of its flags and join requests."""
    return list(
        Membership.objects.moderators()
        .filter(community=community, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def community_team(*, community):
    """Owners then moderators (active), for the About tab."""
    return (
        Membership.objects.moderators()
        .filter(community=community)
        .select_related("user")
        .order_by("-role", "user__display_name")
    )


def membership_list_for_community(*, community, viewer, role="", q=""):
    """Active members, staff first, filterable by role and searchable by name/organisation."""
    qs = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).select_related("user")
    if role in Role.values:
        qs = qs.filter(role=role)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(user__display_name__icontains=q)
            | Q(user__username__icontains=q)
            | Q(user__organisation__icontains=q)
            | Q(user__job_title__icontains=q)
        )
    # Descending role codes happen to read owner, moderator, member.
    return qs.order_by("-role", "user__display_name", "user__username")


def membership_list_pending(*, community, viewer):
    """Join requests awaiting a decision, oldest first."""
    if not perms.can_approve_members(viewer, community):
        return Membership.objects.none()
    return (
        Membership.objects.filter(community=community, status=MembershipStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def invitation_list_open(*, community, viewer):
    if not perms.can_invite_to_community(viewer, community):
        return Invitation.objects.none()
    return [
        i
        for i in Invitation.objects.filter(community=community, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at")[:50]
        if i.is_usable()
    ]


def membership_get_in_community(*, community, user_id):
    return (
        Membership.objects.filter(community=community, user_id=user_id)
        .exclude(status__in=[MembershipStatus.LEFT, MembershipStatus.DECLINED])
        .select_related("user")
        .first()
    )


def community_list_for_home(*, viewer, invitation_tokens=(), limit=6):
    """The home page block: the viewer's communities, the most active others, and invitations
    remembered in the session before the viewer signed up or logged in."""
    listed = perms.communities_listed_for(viewer, Community.objects.active()).exclude(kind=CommunityKind.SANDBOX)
    mine = []
    if viewer is not None and viewer.is_authenticated:
        mine = list(
            listed.filter(memberships__user=viewer, memberships__status=MembershipStatus.ACTIVE).order_by(
                F("last_activity_at").desc(nulls_last=True)
            )[:limit]
        )
    active = list(
        listed.exclude(pk__in=[c.pk for c in mine])
        .exclude(kind=CommunityKind.MODERATORS)
        .order_by(F("last_activity_at").desc(nulls_last=True), "name")[:limit]
    )
    cards = community_cards(viewer=viewer, communities=[*mine, *active])
    invitations = []
    if viewer is not None and viewer.is_authenticated:
        for token in list(invitation_tokens or ())[:5]:
            invitation = invitation_from_token(token)
            if invitation is not None and not perms.is_active_member(viewer, invitation.community):
                url = reverse("communities:invitation", kwargs={"token": token})
                invitations.append({"community": invitation.community, "url": url})
        seen = {i["community"].pk for i in invitations}
        invited = Community.objects.active().filter(
            memberships__user=viewer, memberships__status=MembershipStatus.INVITED
        )
        invitations += [{"community": c, "url": c.get_absolute_url()} for c in invited[:5] if c.pk not in seen]
    return {"mine": mine, "active": active, "invitations": invitations, "cards": cards}
