"""Who can still post, and where old links lead: suspensions, bans, merges, moves, thread pages."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from communities.models import Membership
from discussions.models import Post, Reaction, Thread
from discussions.tests.factories import PostFactory, make_thread
from moderation import services
from moderation.models import Flag
from moderation.tests.factories import add_member

# --- Suspended and banned people cannot post through any path ------------------------------------


@pytest.mark.parametrize("state", ["suspended", "banned", "platform"])
def test_suspended_or_banned_cannot_post_anywhere(world, state):
    person = world.members[1]
    if state == "suspended":
        services.member_suspend(actor=world.mod_a, community=world.a, user=person, duration="7d", reason="Spam")
    elif state == "banned":
        services.member_remove(actor=world.mod_a, community=world.a, user=person, reason="Spam", ban=True)
    client = Client()
    client.force_login(person)
    if state == "platform":
        services.platform_suspend(actor=world.staff, user=person, duration="7d", reason="Spam")
    url = reverse("discussions:post-create", kwargs={"community": world.a.slug, "thread_id": world.thread.pk})
    before = Post.objects.count()
    form = client.post(url, {"body": "Buy cheap pumps"})
    htmx = client.post(url, {"body": "Buy cheap pumps"}, HTTP_HX_REQUEST="true")
    api = client.post(url, {"body": "Buy cheap pumps"}, HTTP_ACCEPT="application/json")
    assert Post.objects.count() == before
    for response in (form, htmx, api):
        assert response.status_code in (302, 403, 404), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]  # a hub-suspended account is logged out
    where = {"community": world.a.slug, "thread_id": world.thread.pk, "number": world.reply.number}
    try:
        react = reverse("discussions:reaction-toggle", kwargs=where)
    except NoReverseMatch:  # the kind in the path (older route)
        react = reverse("discussions:reaction-toggle", kwargs=where | {"kind": "like"})
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}, {"HTTP_ACCEPT": "application/json"}):
        assert client.post(react, {"kind": "like"}, **headers).status_code in (302, 403, 404)
    assert not Reaction.objects.exists()
    flag = client.post(reverse("moderation:flag", args=["post", world.reply.pk]), {"reason": "spam"})
    assert flag.status_code in (302, 403, 404) and not Flag.objects.exists()
    if state == "suspended":
        from communities import permissions as cp

        assert not cp.can_react_in_community(Membership.objects.get(user=person, community=world.a).user, world.a)


@pytest.mark.django_db(transaction=True)
def test_websocket_cannot_create_posts(world):
    """The thread socket is push-only: a suspended member's messages never write a post."""
    from asgiref.sync import async_to_sync
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter
    from channels.testing import WebsocketCommunicator

    from hub.routing import websocket_urlpatterns

    person = world.members[1]
    services.member_suspend(actor=world.mod_a, community=world.a, user=person, duration="7d", reason="Spam")
    client = Client()
    client.force_login(person)
    headers = [
        (b"origin", b"http://testserver"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]
    before = Post.objects.count()

    async def scenario():
        app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        communicator = WebsocketCommunicator(app, f"/ws/threads/{world.thread.pk}/", headers=headers)
        connected, _code = await communicator.connect(timeout=5)
        if connected:
            for message in ({"type": "post", "body": "Buy cheap pumps"}, {"type": "reply", "body": "Buy"}):
                await communicator.send_json_to(message)
            await communicator.receive_nothing(timeout=0.3)
            await communicator.disconnect()

    async_to_sync(scenario)()
    assert Post.objects.count() == before


# --- Merge redirects ------------------------------------------------------------------------------


def test_merge_keeps_old_links_working(world, client):
    target = make_thread(world.a, world.members[0], replies=1)
    source = world.thread
    old_thread_url = source.get_absolute_url()
    old_post_url = reverse(
        "discussions:post-permalink", kwargs={"community": world.a.slug, "thread_id": source.pk, "number": 3}
    )
    moved_post = Post.objects.get(thread=source, number=3)
    services.thread_merge(actor=world.mod_a, source=source, target=target)
    moved_post.refresh_from_db()
    client.force_login(world.members[2])
    response = client.get(old_thread_url, follow=True)
    assert (
        response.redirect_chain and response.request["PATH_INFO"] == Thread.objects.get(pk=target.pk).get_absolute_url()
    )
    response = client.get(old_post_url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"#p{moved_post.number}")
    anonymous = Client()
    assert anonymous.get(old_thread_url, follow=True).status_code == 200
    # Private communities stay private through the redirect.
    type(world.a).objects.filter(pk=world.a.pk).update(visibility="private")
    assert anonymous.get(old_thread_url).status_code == 404
    assert anonymous.get(old_post_url).status_code == 404


def test_moved_thread_old_link_redirects(world, client):
    add_member(world.b, world.mod_a, role="moderator")
    old_url = world.thread.get_absolute_url()
    services.thread_move(actor=world.mod_a, thread=world.thread, to_community=world.b)
    response = Client().get(old_url, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"].startswith(f"/c/{world.b.slug}/")


def test_thread_page_shows_the_right_tools(world):
    url = world.thread.get_absolute_url()
    moderator = Client()
    moderator.force_login(world.mod_a)
    html = moderator.get(url).content.decode()
    assert reverse("moderation:thread-tools", args=[world.thread.pk]) in html
    assert reverse("moderation:post-tools", args=[world.reply.pk]) in html
    member = Client()
    member.force_login(world.members[1])
    html = member.get(url).content.decode()
    assert reverse("moderation:flag", args=["thread", world.thread.pk]) in html
    assert reverse("moderation:flag", args=["post", world.reply.pk]) in html
    assert reverse("moderation:thread-tools", args=[world.thread.pk]) not in html
    html = Client().get(url).content.decode()
    assert "/moderation/flag/" not in html and "/moderation/thread/" not in html
    services.post_hide(actor=world.mod_a, post=world.reply, reason="Keep it about the data")
    author = Client()
    author.force_login(world.reply.author)
    assert "Keep it about the data" in author.get(url).content.decode()
    assert "Keep it about the data" not in member.get(url).content.decode()


@pytest.mark.parametrize("role", ["mod_a", "member"])
def test_thread_page_tools_add_no_query_per_post(world, role):
    """The flag button and moderator tools use the viewer's cached membership only."""
    client = Client()
    client.force_login(world.mod_a if role == "mod_a" else world.members[1])
    url = world.thread.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(12):
        PostFactory(thread=world.thread, author=add_member(world.a))
    client.get(url)  # both measured with the shared thread data stored
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) <= len(small) + 2, [q["sql"][:120] for q in large.captured_queries]
