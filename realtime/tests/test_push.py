"""The realtime app: group names, best-effort sending, the route registry, its place in the layers."""

import ast
import json
import logging
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from realtime import groups, push, routing
from realtime.consumers import HubConsumer

CONTENT_APPS = {"discussions", "moderation", "notifications", "knowledge", "events", "messaging", "reports",
                "training", "search", "privacy"}  # fmt: skip


def test_group_names_are_spelled_in_one_place():
    assert groups.thread(7) == "thread.7"
    assert groups.community("3") == "community.3"
    assert groups.community_access(3) == "access.community.3"
    assert groups.user(12) == "user.12"
    with pytest.raises(ValueError):
        groups.user("12; flush")


def test_realtime_imports_no_content_app():
    """realtime sits below the content apps: they register with it, never the other way round."""
    root = Path(__file__).resolve().parents[1]
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [(path.name, name) for name in names if name.split(".")[0] in CONTENT_APPS]
    assert found == []


def test_every_app_registers_its_websocket_routes():
    from hub.routing import websocket_urlpatterns

    routes = {str(pattern.pattern) for pattern in routing.websocket_urlpatterns()}
    assert routes == {
        "ws/threads/<int:thread_id>/",
        "ws/communities/<int:community_id>/",
        "ws/notifications/",
        "ws/messages/",
    }
    assert {str(p.pattern) for p in websocket_urlpatterns} == routes


class _Echo(HubConsumer):
    """A socket of one signed-in person that reports the ``demo.ping`` events it hears."""

    async def demo_ping(self, event):
        await self.send_json({"type": "ping", "n": event["n"]})


@pytest.mark.django_db
def test_send_to_user_reaches_that_persons_sockets_only(django_user_model):
    alice = django_user_model.objects.create_user(username="alice", email="alice@example.org", password="x")

    async def scenario():
        ws = WebsocketCommunicator(_Echo.as_asgi(), "/ws/echo/")
        ws.scope["user"] = alice
        connected, _ = await ws.connect()
        assert connected
        assert await sync_to_async(push.send_to_user)(alice.pk, {"type": "demo.ping", "n": 1})
        assert await sync_to_async(push.send_to_user)(alice.pk + 1, {"type": "demo.ping", "n": 2})
        assert await sync_to_async(push.send_to_user)(alice.pk, {"type": "other.event"})  # ignored, not fatal
        assert json.loads(await ws.receive_from()) == {"type": "ping", "n": 1}
        assert await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()

    async_to_sync(scenario)()
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()


def test_send_never_raises_when_the_layer_fails(monkeypatch, caplog):
    class Broken:
        async def group_send(self, group, message):
            raise ConnectionError("redis down")

    monkeypatch.setattr("channels.layers.get_channel_layer", lambda *a: Broken())
    with caplog.at_level(logging.WARNING, logger="realtime.push"):
        assert push.send(groups.thread(1), {"type": "thread.updated"}) is False
        assert push.send_to_user(1, {"type": "notifications.count", "count": 2}) is False
    assert sum("Realtime push" in r.getMessage() for r in caplog.records) == 2
