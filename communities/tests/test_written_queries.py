"""The community lists written out as SQL say what their ORM twins say.

``communities_visible_sql``, ``communities_listed_sql`` and ``communities_moderated_sql`` are
compared with ``communities_visible_to``, ``communities_listed_for`` and
``moderated_communities`` for every role and visibility; the home block, the directory (its
page, total, search, topics and sorts) and the community lookup with the viewer's membership
with the ORM queries they replaced.
"""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone
from taggit.models import Tag

from accounts.tests.factories import UserFactory
from communities import permissions as perms
from communities import selectors
from communities.models import Community, CommunityKind, Membership, MembershipStatus, Role, Visibility
from communities.tests.conftest import ROLES, build_world
from communities.tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worlds(db):
    """A community of each visibility with a person in every role, and a few others around."""
    now = timezone.now()
    built = [build_world(visibility=v) for v in (Visibility.PUBLIC, Visibility.PRIVATE, Visibility.HIDDEN)]
    CommunityFactory(name="Archived basin group", archived_at=now - dt.timedelta(days=3))
    CommunityFactory(name="Training sandbox", kind=CommunityKind.SANDBOX)
    CommunityFactory(name="Community for moderators", kind=CommunityKind.MODERATORS, visibility=Visibility.PRIVATE)
    CommunityFactory(name="Never active", last_activity_at=None)
    CommunityFactory(name="Quiet hidden circle", visibility=Visibility.HIDDEN)
    for i, world in enumerate(built):  # distinct, non-null activity times, so the order is the rule's alone
        Community.objects.filter(pk=world.community.pk).update(last_activity_at=now - dt.timedelta(hours=i + 1))
    return built


def viewers(worlds):
    for world in worlds:
        for role in ROLES:
            yield f"{world.community.visibility} {role}", world.user(role)


def ids_where(condition):
    sql, params = condition
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT c.id FROM {Community._meta.db_table} c WHERE {sql}", params)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_sql_conditions_match_their_queryset_twins(worlds):
    for label, user in viewers(worlds):
        visible = set(perms.communities_visible_to(user).values_list("pk", flat=True))
        listed = set(perms.communities_listed_for(user).values_list("pk", flat=True))
        moderated = set(perms.moderated_communities(user).values_list("pk", flat=True))
        assert ids_where(perms.communities_visible_sql(user, "c")) == visible, label
        assert ids_where(perms.communities_listed_sql(user, "c")) == listed, label
        assert ids_where(perms.communities_moderated_sql(user, "c.id")) == moderated, label


def _home_with_the_orm(viewer, limit=6):
    """The home block's lists as the ORM queries built them."""
    listed = perms.communities_listed_for(viewer, Community.objects.active()).exclude(kind=CommunityKind.SANDBOX)
    recent = (F("last_activity_at").desc(nulls_last=True), "name", "pk")
    mine = []
    if viewer.is_authenticated:
        mine = list(
            listed.filter(memberships__user=viewer, memberships__status=MembershipStatus.ACTIVE).order_by(*recent)[
                :limit
            ]
        )
    active = list(
        listed.exclude(pk__in=[c.pk for c in mine]).exclude(kind=CommunityKind.MODERATORS).order_by(*recent)[:limit]
    )
    invited = []
    if viewer.is_authenticated:
        invited = list(
            Community.objects.active()
            .filter(memberships__user=viewer, memberships__status=MembershipStatus.INVITED)
            .order_by("name", "pk")[:5]
        )
    return [c.pk for c in mine], [c.pk for c in active], [c.pk for c in invited]


def test_home_lists_match_the_orm_rules(worlds):
    busy = worlds[0].user("member")
    for i in range(8):  # more communities than the block shows: the first six are "mine", the rest compete
        MembershipFactory(user=busy, community=CommunityFactory(name=f"Irrigation district {i}"))
    MembershipFactory(user=busy, community=CommunityFactory(name="Delta invitation"), status=MembershipStatus.INVITED)
    everyone = [*viewers(worlds), ("busy member", busy)]
    for label, user in everyone:
        block = selectors.community_list_for_home(viewer=user)
        mine, active, invited = _home_with_the_orm(user)
        assert [c.pk for c in block["mine"]] == mine, label
        assert [c.pk for c in block["active"]] == active, label
        assert [i["community"].pk for i in block["invitations"]] == invited, label
        for community in [*block["mine"], *block["active"]]:
            row = Membership.objects.filter(user=user, community=community).first() if user.is_authenticated else None
            shown = community.viewer_membership
            assert (shown and (shown.pk, shown.status, shown.role)) == (row and (row.pk, row.status, row.role)), label


def test_home_block_loads_in_one_query(worlds, django_assert_num_queries):
    user = worlds[1].user("member")
    selectors.community_list_for_home(viewer=user)  # the content type and caches are warm
    # The lists and memberships in one query, and the topics of the cards to render (none is
    # in the fragment cache here) in another.
    with django_assert_num_queries(2):
        block = selectors.community_list_for_home(viewer=user)
    with django_assert_num_queries(0):
        [(c.name, c.is_archived, c.get_absolute_url(), c.viewer_membership) for c in block["mine"] + block["active"]]


def _directory_with_the_orm(viewer, q="", topic="", sort="active"):
    qs = perms.communities_listed_for(viewer, Community.objects.all())
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(tagline__icontains=q) | Q(description__icontains=q))
    if topic:
        qs = qs.filter(topics__slug=topic)
    order = {
        "active": (F("last_activity_at").desc(nulls_last=True), "name", "pk"),
        "newest": ("-created_at", "name", "pk"),
        "largest": ("-member_count", "name", "pk"),
        "name": ("name", "pk"),
    }
    return qs.order_by(*order.get(sort, order["active"])).distinct()


SEARCHES = [
    {},
    {"q": "basin"},
    {"q": "100%"},
    {"q": "x_y"},
    {"q": "ARCHIVED"},
    {"topic": "groundwater"},
    {"topic": "groundwater", "q": "delta", "sort": "name"},
    {"sort": "newest"},
    {"sort": "largest"},
    {"sort": "name"},
    {"sort": "bogus"},
]


def test_directory_pages_match_the_orm(worlds):
    CommunityFactory(name="Reuse 100% of wastewater", topics=["groundwater", "reuse"])
    CommunityFactory(name="Reuse 1000 litres", topics=["reuse"])
    CommunityFactory(name="Canal x_y lining", tagline="Lining canals")
    CommunityFactory(name="Canal xzy maintenance")
    CommunityFactory(name="Delta aquifers", visibility=Visibility.HIDDEN, topics=["groundwater"])
    CommunityFactory(name="Delta sands", visibility=Visibility.PRIVATE, topics=["groundwater"])
    for label, user in viewers(worlds):
        for search in SEARCHES:
            expected_qs = _directory_with_the_orm(user, **search)
            for page in (None, "1", "2", "3", "99", "0", "x"):
                got = selectors.community_page_for_directory(viewer=user, page=page, per_page=4, **search)
                want = Paginator(expected_qs, 4).get_page(page)
                where = f"{label} {search} page={page}"
                assert (got.number, got.paginator.count, got.paginator.num_pages) == (
                    want.number,
                    want.paginator.count,
                    want.paginator.num_pages,
                ), where
                assert [c.pk for c in got.object_list] == [c.pk for c in want.object_list], where
    staff = worlds[0].user("staff")
    found = {q: selectors.community_page_for_directory(viewer=staff, q=q).paginator.count for q in ("100%", "x_y")}
    assert found == {"100%": 1, "x_y": 1}  # LIKE's wildcards in a search are plain characters


def test_directory_page_carries_the_viewers_memberships_in_one_query(worlds, django_assert_num_queries):
    user = worlds[2].user("invited")
    with django_assert_num_queries(1):
        page = selectors.community_page_for_directory(viewer=user, per_page=50)
        communities = list(page.object_list)
        (page.paginator.count, page.has_next())
    for community in communities:
        row = Membership.objects.filter(user=user, community=community).first()
        shown = community.viewer_membership
        assert (shown and (shown.pk, shown.status, shown.role)) == (row and (row.pk, row.status, row.role))
    assert worlds[2].community.pk in [c.pk for c in communities]


def test_directory_topics_match_the_orm(worlds):
    CommunityFactory(name="Open aquifers", topics=["groundwater", "aquifers"])
    CommunityFactory(name="Hidden wells", visibility=Visibility.HIDDEN, topics=["wells"])
    CommunityFactory(name="Private recharge", visibility=Visibility.PRIVATE, topics=["recharge"])
    worlds[2].community.topics.set(["invitation only"])
    Tag.objects.create(name="unused tag", slug="unused-tag")
    for label, user in viewers(worlds):
        listed = perms.communities_listed_for(user, Community.objects.all())
        want = list(
            Tag.objects.filter(
                taggit_taggeditem_items__content_type__app_label="communities",
                taggit_taggeditem_items__content_type__model="community",
                taggit_taggeditem_items__object_id__in=listed.values("pk"),
            )
            .distinct()
            .order_by("name", "pk")
            .values_list("pk", "name", "slug")
        )
        got = [(t.pk, t.name, t.slug) for t in selectors.community_topics_for_directory(viewer=user)]
        assert got == want, label


def test_community_lookup_keeps_the_viewers_membership(worlds, django_assert_num_queries):
    for world in worlds:
        for role in ROLES:
            user = world.user(role)
            perms.forget_memberships(user)
            with django_assert_num_queries(1):
                community = selectors.community_get_for_viewer(slug=world.community.slug, viewer=user)
            stored = Community.objects.get(pk=world.community.pk)
            visible = perms.can_see_community_exists(user, stored)
            assert (community is not None) == visible, (world.community.visibility, role)
            if community is None:
                continue
            assert [getattr(community, f.attname) for f in Community._meta.concrete_fields] == [
                getattr(stored, f.attname) for f in Community._meta.concrete_fields
            ]
            row = Membership.objects.filter(user=user, community=stored).first() if user.is_authenticated else None
            with django_assert_num_queries(0):
                kept = perms.get_membership(user, community)
                perms.can_moderate_community(user, community), perms.can_post_in_community(user, community)
            fields = [f.attname for f in Membership._meta.concrete_fields]
            assert (kept and [getattr(kept, f) for f in fields]) == (row and [getattr(row, f) for f in fields])
    assert selectors.community_get_for_viewer(slug="no-such-community", viewer=UserFactory()) is None


def test_suspension_and_roles_read_from_the_kept_membership(worlds):
    world = worlds[0]
    member = world.user("member")
    Membership.objects.filter(user=member, community=world.community).update(
        suspended_until=timezone.now() + dt.timedelta(days=2), role=Role.MODERATOR
    )
    perms.forget_memberships(member)
    community = selectors.community_get_for_viewer(slug=world.community.slug, viewer=member)
    assert perms.is_suspended_in(member, community)
    assert not perms.can_post_in_community(member, community)
    assert perms.can_moderate_community(member, community)
