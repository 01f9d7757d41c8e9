"""The services reach the broadcast functions on commit; a dead Redis never fails a post."""

import logging

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import TestCase
from django.urls import reverse

from communities.models import Role
from discussions import pushes, services
from discussions.tests.realtime_helpers import (
    connect,
    flush_layer,
    make_community,
    make_member,
    make_thread,
    receive,
    skip_presence,
)
from realtime import access, push

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """database_sync_to_async closes "old" connections around each call; inside a test's
    transaction on PostgreSQL that would close the test's own connection."""
    import channels.db

    monkeypatch.setattr(channels.db, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def _fresh_realtime_state():
    flush_layer()
    access.reset()
    yield
    flush_layer()


def committed(fn, **kwargs):
    """Call a service and run its on-commit side effects (the test transaction never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(**kwargs)


def test_services_push_every_change_to_open_sockets():
    community = make_community("public")
    author = make_member(community)
    reader = make_member(community)
    moderator = make_member(community, role=Role.MODERATOR)
    thread = committed(
        services.thread_create, author=author, community=community, title="Sharing rainfall station data",
        body="Which formats do your national met services accept?",
    )  # fmt: skip

    async def scenario():
        listing = await connect(f"/ws/communities/{community.pk}/")
        ws = await connect(f"/ws/threads/{thread.pk}/", reader)
        post = await sync_to_async(committed)(
            services.post_create, author=author, thread=thread, body="We publish CSV and WaterML 2.0."
        )
        message = await skip_presence(ws)
        assert message["type"] == "post_created" and message["number"] == 2
        assert "WaterML" in message["html"] and 'data-action="edit" hidden' in message["html"]
        assert message["rights"] == "reply quote react flag message bookmark"
        assert await receive(listing) == {"type": "reply", "thread_id": thread.pk, "number": 2}

        await sync_to_async(committed)(services.post_edit, actor=author, post=post, body="CSV, WaterML 2.0 and NetCDF.")
        message = await skip_presence(ws)
        assert message["type"] == "post_updated" and "NetCDF" in message["html"]

        await sync_to_async(committed)(services.reaction_toggle, user=reader, post=post, kind="like")
        message = await skip_presence(ws)
        assert message["type"] == "reactions" and message["counts"].get("like") == 1

        await sync_to_async(committed)(services.post_delete, actor=moderator, post=post)
        message = await skip_presence(ws)
        assert message["type"] == "post_updated" and "This post was deleted" in message["html"]

        fresh = await sync_to_async(committed)(
            services.thread_create, author=author, community=community, title="Flood forecasting with radar",
            body="Anyone blending radar with gauge data operationally?",
        )  # fmt: skip
        assert await receive(listing) == {"type": "thread_created", "thread_id": fresh.pk}
        await ws.disconnect()
        await listing.disconnect()

    async_to_sync(scenario)()


@pytest.fixture
def dead_redis(settings):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "realtime.layers.PubSubChannelLayer",
            "CONFIG": {"hosts": [f"redis://127.0.0.1:{port}/0"]},
        }
    }
    yield
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def test_posting_over_http_succeeds_when_redis_is_down(client, dead_redis, caplog, django_capture_on_commit_callbacks):
    community = make_community("public")
    author = make_member(community)
    thread = make_thread(community, author=author)
    client.force_login(author)
    url = reverse("discussions:post-create", kwargs={"community": community.slug, "thread_id": thread.pk})
    with (
        caplog.at_level(logging.WARNING, logger="realtime.push"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url, {"body": "Our reservoir is at 31% and falling; rationing starts Monday."})
    assert response.status_code == 302
    assert thread.posts.filter(number=2, body__startswith="Our reservoir").exists()
    assert any("Realtime push" in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200 and "rationing starts Monday" in page.content.decode()


def test_broadcast_functions_never_raise(dead_redis, caplog):
    community = make_community("public")
    thread = make_thread(community)
    post = thread.posts.get()
    with caplog.at_level(logging.WARNING, logger="realtime.push"):
        pushes.broadcast_post_created(post)
        pushes.broadcast_post_updated(post)
        pushes.broadcast_reactions(post)
        pushes.broadcast_thread_created(thread)
        pushes.broadcast_thread_updated(thread)
        push.recheck_member_access(1, community.pk)
        push.recheck_community_access(community.pk)
        push.close_user_sockets(1)
    assert len([r for r in caplog.records if "Realtime push" in r.getMessage()]) == 8


def test_channel_layer_is_bounded_per_socket():
    """Review of the production layer settings (a slow client never blocks the others)."""
    import os
    import subprocess
    import sys

    code = (
        "import os;os.environ['REDIS_URL']='redis://127.0.0.1:6379/0';os.environ['DEBUG']='1';"
        "import hub.settings.base as b;c=b.CHANNEL_LAYERS['default'];"
        "print(c['BACKEND'], c['CONFIG']['capacity'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}, timeout=60)
    backend, capacity = out.stdout.split()
    assert backend == "realtime.layers.PubSubChannelLayer"
    assert 20 <= int(capacity) <= 1000
