"""Read queries for the community pages, each taking the viewer."""

from django.db.models import Q
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
from hub.sqlrows import Columns, CountedRows

# The session key remembering invitation links opened before signing up or logging in.
INVITATION_SESSION_KEY = "community_invitations"

# Every column of a community and of the viewer's membership, for the written-out queries.
_COMMUNITY = Columns(Community)
_MEMBERSHIP = Columns(Membership)


# The directory's sorts, as written-out ORDER BY clauses on the community table ``c``.
DIRECTORY_ORDER = {
    "active": "c.last_activity_at DESC NULLS LAST, c.name, c.id",
    "newest": "c.created_at DESC, c.name, c.id",
    "largest": "c.member_count DESC, c.name, c.id",
    "name": "c.name, c.id",
}


def _directory_filter(connection, viewer, q, topic):
    """The directory's WHERE clause on the community table ``c``: listed for the viewer
    (``communities_listed_sql``, the twin of ``communities_listed_for``), searched
    (name, tagline or description containing ``q``, case-insensitively) and with topic ``topic``."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    sql, params = perms.communities_listed_sql(viewer, "c")
    q = (q or "").strip()
    if q:
        like = connection.operators["icontains"] % "%s"
        cast = connection.ops.lookup_cast("icontains")
        sql += (
            " AND (" + " OR ".join(f"{cast % f'c.{name}'} {like}" for name in ("name", "tagline", "description")) + ")"
        )
        params += [f"%{connection.ops.prep_for_like_query(q)}%"] * 3
    if topic:
        sql += (
            f" AND c.id IN (SELECT ti.object_id FROM {TaggedItem._meta.db_table} ti"  # noqa: S608
            f" JOIN {Tag._meta.db_table} tg ON tg.id = ti.tag_id WHERE ti.content_type_id = %s AND tg.slug = %s)"
        )
        params += [ContentType.objects.get_for_model(Community).pk, topic]
    return sql, params


def community_page_for_directory(*, viewer, q="", topic="", sort="active", page=None, per_page=12):
    """A page of the communities listed for ``viewer`` (hidden ones only for their members),
    searched and sorted, as ``Paginator.get_page(page)`` gives it; each community has its
    ``viewer_membership`` (the viewer's row, any status, or None).

    Written out: the page's rows, their total and the viewer's memberships come from one
    query (three with the ORM, whose building was a fifth of the directory's time).
    """
    from django.core.paginator import Paginator
    from django.db import connection

    where, params = _directory_filter(connection, viewer, q, topic)
    order = DIRECTORY_ORDER.get(sort, DIRECTORY_ORDER["active"])
    signed_in = viewer is not None and viewer.is_authenticated
    if signed_in:
        membership_columns = _MEMBERSHIP.sql("m")
        join = f"LEFT JOIN {Membership._meta.db_table} m ON m.community_id = c.id AND m.user_id = %s"
        join_params = [viewer.pk]
    else:
        membership_columns, join, join_params = ", ".join(["NULL"] * _MEMBERSHIP.width), "", []
    table = Community._meta.db_table

    def fetch(offset, limit):
        sql = (  # table names, placeholders and the permission fragment only
            f"SELECT {_COMMUNITY.sql('c')}, {membership_columns}, COUNT(*) OVER () FROM {table} c {join}"  # noqa: S608
            f" WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*join_params, *params, int(limit), int(offset)])
            rows = cursor.fetchall()
        communities = []
        for row in rows:
            community = _COMMUNITY.load(row, 0, connection)
            community.viewer_membership = _MEMBERSHIP.load(row, _COMMUNITY.width, connection) if signed_in else None
            communities.append(community)
        return communities, (int(rows[0][-1]) if rows else None)

    def count_all():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table} c WHERE {where}", params)  # noqa: S608
            return int(cursor.fetchone()[0])

    try:
        number = int(page) if page is not None else 1
    except (TypeError, ValueError):
        number = 1
    rows = CountedRows(fetch, count_all, number=number if number >= 1 else 1, per_page=per_page)
    return Paginator(rows, per_page).get_page(page)


def community_topics_for_directory(*, viewer):
    """Topic tags used by the communities the viewer can see listed (for the filter), by name:
    one written-out query."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from taggit.models import TaggedItem

    listed, params = perms.communities_listed_sql(viewer, "c")
    sql = (  # table names, placeholders and the permission fragment only
        f"SELECT DISTINCT tg.id, tg.name, tg.slug FROM {Tag._meta.db_table} tg"  # noqa: S608
        f" JOIN {TaggedItem._meta.db_table} ti ON ti.tag_id = tg.id WHERE ti.content_type_id = %s"
        f" AND ti.object_id IN (SELECT c.id FROM {Community._meta.db_table} c WHERE {listed}) ORDER BY tg.name, tg.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ContentType.objects.get_for_model(Community).pk, *params])
        rows = cursor.fetchall()
    return [Tag.from_db(connection.alias, ["id", "name", "slug"], list(row)) for row in rows]


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
    """The community with ``slug`` if it exists for the viewer (None = 404, no oracle).

    One written-out query loads the viewer's membership row with it, kept for the
    permission checks that follow (``communities.permissions.get_membership``).
    """
    from django.db import connection

    signed_in = viewer is not None and viewer.is_authenticated
    community_table, membership_table = Community._meta.db_table, Membership._meta.db_table
    if signed_in:
        membership_columns = _MEMBERSHIP.sql("m")
        membership_join = f"LEFT JOIN {membership_table} m ON m.community_id = c.id AND m.user_id = %s"
        params = [viewer.pk, slug]
    else:
        membership_columns, membership_join, params = ", ".join(["NULL"] * _MEMBERSHIP.width), "", [slug]
    sql = (  # table names and placeholders only
        f"SELECT {_COMMUNITY.sql('c')}, {membership_columns} FROM {community_table} c"  # noqa: S608
        f" {membership_join} WHERE c.slug = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    community = _COMMUNITY.load(row, 0, connection)
    if signed_in:
        perms.remember_membership(viewer, community, _MEMBERSHIP.load(row, _COMMUNITY.width, connection))
    if not perms.can_see_community_exists(viewer, community):
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
    remembered in the session before the viewer signed up or logged in.

    The three lists come from one written-out query with the viewer's membership of each
    (building them with the ORM was a fifth of the home page): "mine" are the active
    communities the viewer is an active member of, listed for them
    (``communities_listed_sql``, the twin of ``communities_listed_for``) and not training
    sandboxes, most recent activity first; "active" the other listed ones, neither sandboxes
    nor communities for moderators; "invited" the active communities the viewer is invited to.
    """
    from django.db import connection

    signed_in = viewer is not None and viewer.is_authenticated
    tables = {"community": Community._meta.db_table, "membership": Membership._meta.db_table}
    listed, listed_params = perms.communities_listed_sql(viewer, "c")
    recent = "c.last_activity_at DESC NULLS LAST, c.name, c.id"
    ctes, parts, params = [], [], []
    if signed_in:
        ctes.append(
            f"mine AS (SELECT c.id, ROW_NUMBER() OVER (ORDER BY {recent}) AS pos FROM {tables['community']} c"  # noqa: S608
            f" JOIN {tables['membership']} m ON m.community_id = c.id AND m.user_id = %s AND m.status = %s"
            f" WHERE c.archived_at IS NULL AND c.kind <> %s AND {listed} ORDER BY {recent} LIMIT %s)"
        )
        params += [viewer.pk, MembershipStatus.ACTIVE, CommunityKind.SANDBOX, *listed_params, int(limit)]
        parts.append("SELECT 1 AS part, id, pos FROM mine")
    others = " AND c.id NOT IN (SELECT id FROM mine)" if signed_in else ""
    ctes.append(
        f"others AS (SELECT c.id, ROW_NUMBER() OVER (ORDER BY {recent}) AS pos FROM {tables['community']} c"  # noqa: S608
        f" WHERE c.archived_at IS NULL AND c.kind NOT IN (%s, %s) AND {listed}{others} ORDER BY {recent} LIMIT %s)"
    )
    params += [CommunityKind.SANDBOX, CommunityKind.MODERATORS, *listed_params, int(limit)]
    parts.append("SELECT 2 AS part, id, pos FROM others")
    if signed_in:
        ctes.append(
            "invited AS (SELECT c.id, ROW_NUMBER() OVER (ORDER BY c.name, c.id) AS pos"  # noqa: S608
            f" FROM {tables['community']} c JOIN {tables['membership']} m ON m.community_id = c.id"
            " AND m.user_id = %s AND m.status = %s WHERE c.archived_at IS NULL ORDER BY c.name, c.id LIMIT %s)"
        )
        params += [viewer.pk, MembershipStatus.INVITED, 5]
        parts.append("SELECT 3 AS part, id, pos FROM invited")
        membership_columns = _MEMBERSHIP.sql("m")
        membership_join = f"LEFT JOIN {tables['membership']} m ON m.community_id = c.id AND m.user_id = %s"
        params.append(viewer.pk)
    else:
        membership_columns = ", ".join(["NULL"] * _MEMBERSHIP.width)
        membership_join = ""
    sql = (  # table names, placeholders and the permission fragments only
        f"WITH {', '.join(ctes)} SELECT p.part, {_COMMUNITY.sql('c')}, {membership_columns}"  # noqa: S608
        f" FROM ({' UNION ALL '.join(parts)}) p JOIN {tables['community']} c ON c.id = p.id {membership_join}"
        " ORDER BY p.part, p.pos"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    lists = {1: [], 2: [], 3: []}
    memberships = {}
    for row in rows:
        community = _COMMUNITY.load(row, 1, connection)
        membership = _MEMBERSHIP.load(row, 1 + _COMMUNITY.width, connection)
        lists[row[0]].append(community)
        if membership is not None and row[0] != 3:
            memberships[community.pk] = membership
    mine, active, invited = lists[1], lists[2], lists[3]
    cards = community_cards(viewer=viewer, communities=[*mine, *active], memberships=memberships)
    invitations = []
    if signed_in:
        for token in list(invitation_tokens or ())[:5]:
            invitation = invitation_from_token(token)
            if invitation is not None and not perms.is_active_member(viewer, invitation.community):
                url = reverse("communities:invitation", kwargs={"token": token})
                invitations.append({"community": invitation.community, "url": url})
        seen = {i["community"].pk for i in invitations}
        invitations += [{"community": c, "url": c.get_absolute_url()} for c in invited if c.pk not in seen]
    return {"mine": mine, "active": active, "invitations": invitations, "cards": cards}
