"""NotificationConsumer: the bell count, live, for the signed-in person only."""

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import Notification, NotificationKind
from notifications.routing import websocket_urlpatterns
from realtime import groups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """database_sync_to_async closes "old" connections around each call; inside a test's
    transaction on PostgreSQL that would close the test's own connection."""
    import channels.db

    monkeypatch.setattr(channels.db, "close_old_connections", lambda: None)


app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


@pytest.fixture(autouse=True)
def _flush_layer():
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


def login(user):
    client = Client()
    client.force_login(user)
    return client, client.cookies["sessionid"].value


async def open_bell(session_key=None):
    headers = [(b"origin", b"http://testserver")]
    if session_key:
        headers.append((b"cookie", f"sessionid={session_key}".encode()))
    ws = WebsocketCommunicator(app, "/ws/notifications/", headers=headers)
    connected, _ = await ws.connect(timeout=5)
    assert connected
    return ws


async def next_json(ws):
    return json.loads(await ws.receive_from(timeout=3))


def notify_committed(**kwargs):
    """notify() with its on-commit push run (the test transaction never commits)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.notify(**kwargs)


def test_bell_refuses_anonymous():
    async def scenario():
        ws = await open_bell()
        output = await ws.receive_output(timeout=3)
        assert output == {"type": "websocket.close", "code": 4403}
        await ws.disconnect()

    async_to_sync(scenario)()


def test_bell_sends_count_on_connect_and_live_updates():
    user = UserFactory()
    other = UserFactory()
    Notification.objects.create(recipient=user, kind=NotificationKind.MENTION, text="Amina mentioned you")
    _, key = login(user)
    _, other_key = login(other)

    async def scenario():
        ws = await open_bell(key)
        others = await open_bell(other_key)
        assert await next_json(ws) == {"type": "count", "count": 1}
        assert await next_json(others) == {"type": "count", "count": 0}
        await sync_to_async(notify_committed)(
            recipient=user, kind=NotificationKind.REPLY, text="Ben replied to “Drought early warning”", actor=other
        )
        assert await next_json(ws) == {"type": "count", "count": 2}
        assert await others.receive_nothing(timeout=0.2)  # nobody else's count
        await sync_to_async(Notification.objects.filter(recipient=user).update)(read_at="2026-01-01T00:00:00Z")
        await sync_to_async(services.push_unread_count)(user.pk)
        assert await next_json(ws) == {"type": "count", "count": 0}
        await ws.disconnect()
        await others.disconnect()

    async_to_sync(scenario)()


def test_bell_ignores_client_frames_and_junk_events():
    user = UserFactory()
    _, key = login(user)

    async def scenario():
        ws = await open_bell(key)
        await next_json(ws)
        await ws.send_to(text_data=json.dumps({"type": "subscribe", "group": "user.1"}))
        assert await next_json(ws) == {"type": "error", "code": "unknown-type"}
        await ws.send_to(text_data="{bad")
        assert await next_json(ws) == {"type": "error", "code": "bad-frame"}
        layer = get_channel_layer()
        await layer.group_send(groups.user(user.pk), {"type": "notifications.count", "count": "many"})
        await layer.group_send(groups.user(user.pk), {"type": "something.else"})
        await layer.group_send(groups.user(user.pk), {"type": "notifications.count", "count": 4})
        assert await next_json(ws) == {"type": "count", "count": 4}
        await ws.disconnect()

    async_to_sync(scenario)()


def test_bell_closes_on_logout():
    user = UserFactory()
    client, key = login(user)

    async def scenario():
        ws = await open_bell(key)
        await next_json(ws)
        await sync_to_async(client.post)("/accounts/logout/")
        output = await ws.receive_output(timeout=3)
        assert output == {"type": "websocket.close", "code": 4401}
        await ws.disconnect()

    async_to_sync(scenario)()


def test_bell_in_navigation_shows_count_with_accessible_label(client):
    user = UserFactory()
    Notification.objects.create(recipient=user, kind=NotificationKind.MENTION, text="Amina mentioned you")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "data-rt-bell" in html
    assert 'aria-label="Notifications: 1 unread"' in html
    assert "js/rt-bell.js" in html
    client.logout()
    assert "data-rt-bell" not in client.get("/").content.decode()
