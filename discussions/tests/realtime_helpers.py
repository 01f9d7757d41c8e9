"""Rows and sockets for the realtime tests (plain ORM rows, independent of other factories)."""

import json

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, MembershipStatus, Role
from discussions.models import Post, PostStatus, Thread
from discussions.tests import factories
from hub.routing import websocket_urlpatterns

ORIGIN = (b"origin", b"http://testserver")

# The websocket stack without the origin check (tested separately through hub.asgi).
app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))

_seq = iter(range(1, 10**9))


def make_community(visibility="public", **kwargs):
    n = next(_seq)
    return Community.objects.create(
        slug=f"rt-community-{n}", name=f"Realtime Basin Network {n}", visibility=visibility, **kwargs
    )


def make_member(community, *, role=Role.MEMBER, status=MembershipStatus.ACTIVE, user=None, **user_fields):
    user = user or UserFactory(**user_fields)
    Membership.objects.create(user=user, community=community, role=role, status=status)
    return user


def make_thread(community, *, author=None, posts=1, **kwargs):
    """``posts`` published posts (the opening one and replies): discussions' one make_thread."""
    return factories.make_thread(community, author or make_member(community), replies=posts - 1, **kwargs)


def add_post(thread, *, author=None, body="Our aquifer levels rose after the managed recharge pilot.", **kwargs):
    thread.refresh_from_db(fields=["post_count"])
    number = thread.post_count + 1
    post = Post.objects.create(
        thread=thread, number=number, author=author or thread.author, body=body,
        body_html=f"<p>{body}</p>", created_at=timezone.now(), **kwargs,
    )  # fmt: skip
    Thread.objects.filter(pk=thread.pk).update(post_count=number)
    thread.post_count = number
    return post


def hidden_post(thread, **kwargs):
    return add_post(thread, is_hidden=True, hidden_reason="spam", **kwargs)


def pending_post(thread, **kwargs):
    return add_post(thread, status=PostStatus.PENDING, **kwargs)


def session_cookie(user):
    """Log ``user`` in with a test client; return (client, session key)."""
    client = Client()
    client.force_login(user)
    return client, client.cookies["sessionid"].value


async def connect(path, user=None, *, application=None, headers=None, session_key=None):
    """An open communicator on ``path`` (signed in as ``user`` when given)."""
    hdrs = [ORIGIN]
    if user is not None and session_key is None:
        _, session_key = await sync_to_async(session_cookie)(user)
    if session_key:
        hdrs.append((b"cookie", f"sessionid={session_key}".encode()))
    if headers is not None:
        hdrs = headers
    communicator = WebsocketCommunicator(application or app, path, headers=hdrs)
    connected, code = await communicator.connect(timeout=5)
    communicator.handshake = (connected, code)
    return communicator


async def receive(communicator, timeout=2):
    return json.loads(await communicator.receive_from(timeout=timeout))


async def expect_close(communicator, code, timeout=3):
    """Skip pushes until the socket closes; assert the close code."""
    while True:
        output = await communicator.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            assert output.get("code") == code, output
            return
        assert output["type"] == "websocket.send", output


async def refused_code(communicator):
    """The close code of a refused socket (accepted then closed), or the handshake's."""
    connected, code = communicator.handshake
    if not connected:
        return code or "handshake-refused"
    output = await communicator.receive_output(timeout=3)
    assert output["type"] == "websocket.close", output
    return output.get("code")


async def maybe_receive(communicator, timeout=0.5):
    """The next message, or None after ``timeout`` (a plain receive timeout kills the app)."""
    if await communicator.receive_nothing(timeout=timeout):
        return None
    return await receive(communicator)


async def only_presence_left(communicator, timeout=0.3):
    """Assert every message still queued (or arriving within ``timeout``) is a presence count."""
    while (message := await maybe_receive(communicator, timeout)) is not None:
        assert message["type"] == "presence", message


async def skip_presence(communicator, timeout=2):
    """Next non-presence message."""
    while True:
        message = await receive(communicator, timeout)
        if message["type"] != "presence":
            return message


def flush_layer():
    from asgiref.sync import async_to_sync

    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()


def reset_realtime_state(monkeypatch=None):
    """Empty the channel layer and the process's access caches and presence between tests
    (and make presence announcements prompt when ``monkeypatch`` is given)."""
    from realtime import access
    from realtime import presence as presence_module

    flush_layer()
    access.reset()
    presence = presence_module.presence
    for name in ("readers", "wakeups", "tasks", "newcomers"):
        getattr(presence, name).clear()
    if monkeypatch is not None:
        monkeypatch.setattr(presence_module, "PRESENCE_DEBOUNCE", 0.01)
