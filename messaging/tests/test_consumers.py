"""MessagingConsumer: live messages and read receipts reach participants only."""

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client, TestCase

from accounts.tests.factories import UserFactory
from messaging import services
from messaging.routing import websocket_urlpatterns
from messaging.tests.factories import neighbours

pytestmark = pytest.mark.django_db

app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


@pytest.fixture(autouse=True)
def _flush_layer():
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


async def open_socket(session_key=None):
    headers = [(b"origin", b"http://testserver")]
    if session_key:
        headers.append((b"cookie", f"sessionid={session_key}".encode()))
    ws = WebsocketCommunicator(app, "/ws/messages/", headers=headers)
    connected, _ = await ws.connect(timeout=5)
    assert connected
    return ws


def test_anonymous_refused_with_4403():
    async def scenario():
        ws = await open_socket()
        assert await ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}
        await ws.disconnect()

    async_to_sync(scenario)()


def test_message_pushed_to_participants_only_then_read_receipt():
    a, b = neighbours()
    outsider = UserFactory()
    keys = {u.pk: session_of(u) for u in (a, b, outsider)}

    def start():
        with TestCase.captureOnCommitCallbacks(execute=True):
            return services.conversation_start(sender=a, recipients=[b], body="Flows at **12 m3/s**")

    def read(conversation):
        conversation.refresh_from_db()
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.conversation_mark_read(user=b, conversation=conversation)

    async def scenario():
        ws_a, ws_b, ws_out = [await open_socket(keys[u.pk]) for u in (a, b, outsider)]
        conversation = await sync_to_async(start)()
        pushed = json.loads(await ws_b.receive_from(timeout=3))
        assert pushed["type"] == "message" and pushed["conversation"] == conversation.pk
        assert "<strong>12 m3/s</strong>" in pushed["html"] and pushed["unread"] == 1
        assert await ws_out.receive_nothing(timeout=0.3)
        assert await ws_a.receive_nothing(timeout=0.1)  # the sender's page already shows it
        await sync_to_async(read)(conversation)
        receipt = json.loads(await ws_a.receive_from(timeout=3))
        assert receipt["type"] == "read" and receipt["reader"] == b.pk
        count = json.loads(await ws_b.receive_from(timeout=3))
        assert count == {"type": "count", "unread": 0}
        assert await ws_out.receive_nothing(timeout=0.2)
        for ws in (ws_a, ws_b, ws_out):
            await ws.disconnect()

    async_to_sync(scenario)()
