"""Moderation tools are one click away from a profile (staff) and a Members tab (moderators)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Role
from moderation.tests.factories import add_member


def test_profile_shows_platform_suspend_link_to_staff_only(client, world):
    suspend = reverse("moderation:platform-suspend", args=[world.author.username])
    profile = reverse("accounts:profile", args=[world.author.username])
    for viewer, sees in ((world.staff, True), (world.mod_a, False), (world.members[0], False), (None, False)):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        assert (suspend in client.get(profile).content.decode()) is sees
    client.force_login(world.staff)  # nor on their own profile
    own = client.get(reverse("accounts:profile", args=[world.staff.username])).content.decode()
    assert "/suspend/" not in own


def test_members_tab_links_member_tools_where_the_moderator_may_act(client, world):
    page_url = reverse("communities:members", args=[world.a.slug])

    def tools(user):
        return reverse("moderation:member-tools", args=[world.a.slug, user.username])

    client.force_login(world.mod_a)
    html = client.get(page_url).content.decode()
    assert tools(world.author) in html and tools(world.members[1]) in html
    assert tools(world.owner) not in html and tools(world.mod_a) not in html  # higher or equal role
    client.force_login(world.members[0])
    html = client.get(page_url).content.decode()
    assert tools(world.author) not in html and "Moderation tools" not in html


def test_members_tab_tool_links_cost_no_query_per_row(client, world):
    client.force_login(world.mod_a)
    page_url = reverse("communities:members", args=[world.a.slug])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page_url).status_code == 200
        return len(ctx.captured_queries)

    queries()  # warm the session and caches
    small = queries()
    for _ in range(12):
        add_member(world.a, role=Role.MEMBER)
    html = client.get(page_url).content.decode()
    assert html.count("Moderation tools") >= 16
    assert queries() == small
