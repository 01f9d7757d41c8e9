"""Query counts stay flat as data grows (asserted at two sizes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory, MembershipFactory, PartnerFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 12


def _count(client, url):
    client.get(url)  # warm caches (content types, session) so both sizes measure the same work
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_directory(viewer, n):
    for i in range(n):
        community = CommunityFactory(topics=[f"topic {i % 4}", "water governance"])
        if i % 2 == 0:
            MembershipFactory(community=community, user=viewer)


def _grow_community(community, n):
    for i in range(n):
        MembershipFactory(community=community, role=Role.MODERATOR if i % 5 == 0 else Role.MEMBER)
        PartnerFactory(community=community)


@pytest.mark.parametrize("signed_in", [False, True])
def test_directory_query_count_is_flat(client, django_assert_max_num_queries, signed_in):
    viewer = UserFactory()
    if signed_in:
        client.force_login(viewer)
    url = reverse("communities:directory")
    _grow_directory(viewer, 3)
    small = _count(client, url)
    _grow_directory(viewer, 20)
    large = _count(client, url)
    assert small == large
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url, {"q": "Basin", "topic": "topic-1", "sort": "largest"})


@pytest.mark.parametrize("tab", ["detail", "about", "members"])
@pytest.mark.parametrize("role", [None, Role.MEMBER, Role.OWNER])
def test_community_tabs_query_count_is_flat(client, django_assert_max_num_queries, tab, role):
    community = CommunityFactory(visibility="public")
    if role:
        client.force_login(MembershipFactory(community=community, role=role).user)
    url = reverse(f"communities:{tab}", kwargs={"slug": community.slug})
    _grow_community(community, 2)
    small = _count(client, url)
    _grow_community(community, 25)
    large = _count(client, url)
    assert small == large
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


def test_requests_screen_query_count_is_flat(client):
    community = CommunityFactory(visibility="private", join_policy="request")
    client.force_login(MembershipFactory(community=community, role=Role.MODERATOR).user)
    url = reverse("communities:requests", kwargs={"slug": community.slug})
    for _ in range(2):
        MembershipFactory(community=community, status="pending")
    small = _count(client, url)
    for _ in range(20):
        MembershipFactory(community=community, status="pending")
    assert _count(client, url) == small <= MAX_QUERIES


def test_home_block_query_count_is_flat(client):
    viewer = UserFactory()
    client.force_login(viewer)
    url = reverse("home")
    _grow_directory(viewer, 3)
    small = _count(client, url)
    _grow_directory(viewer, 20)
    assert _count(client, url) == small


def _grow_latest(viewer, n):
    from discussions.models import ReadState
    from discussions.tests.factories import PostFactory, make_thread

    for i in range(n):
        community = CommunityFactory(visibility="private" if i % 3 == 0 else "public")
        MembershipFactory(community=community, user=viewer, status="active" if i % 2 == 0 else "invited")
        thread = make_thread(community, title=f"Allocation rules {i}", replies=2, is_hidden=i % 4 == 1)
        PostFactory(thread=thread, is_hidden=True)
        if i % 2 == 0:
            ReadState.objects.create(user=viewer, thread=thread, last_read_number=1)


@pytest.mark.parametrize("page", ["home", "communities:directory", "communities:detail"])
def test_signed_in_hot_pages_cost_a_fixed_number_of_queries(client, page):
    """Home, directory and community home: the same queries with 3 or 25 communities, threads,
    memberships (every status) and read states, and no more than what they fetch."""
    viewer = UserFactory()
    client.force_login(viewer)
    hot = CommunityFactory(visibility="public")
    MembershipFactory(community=hot, user=viewer)
    url = reverse(page, kwargs={"slug": hot.slug}) if page == "communities:detail" else reverse(page)
    _grow_latest(viewer, 3)
    small = _count(client, url)
    _grow_latest(viewer, 22)
    large = _count(client, url)
    assert small == large
    # Beyond the session, user and page chrome, with the cards and rows the first request
    # stored served from the fragment cache: home = the community lists + Latest; directory =
    # the page with its total and memberships + the topic filter; community home = the
    # community with the viewer's membership + its programme links + its events.
    baseline = _count(client, reverse("about"))
    assert large - baseline == {"home": 2, "communities:directory": 2, "communities:detail": 3}[page], (
        large,
        baseline,
    )
