"""Deleting an account closes the person's open websockets at once."""

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client, TestCase
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from notifications.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db

app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    import channels.db

    monkeypatch.setattr(channels.db, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def _flush_layer():
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


def _delete_committed(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("privacy:delete"), {"password": PASSWORD, "posts": "anonymise", "confirm": "on"})


def test_account_deletion_closes_every_open_socket_of_the_person():
    user = UserFactory()
    browser, other_browser = Client(), Client()
    browser.force_login(user)
    other_browser.force_login(user)
    bystander = UserFactory()
    third = Client()
    third.force_login(bystander)

    async def open_bell(client):
        headers = [
            (b"origin", b"http://testserver"),
            (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
        ]
        ws = WebsocketCommunicator(app, "/ws/notifications/", headers=headers)
        connected, _ = await ws.connect(timeout=5)
        assert connected
        json.loads(await ws.receive_from(timeout=3))  # the initial unread count
        return ws

    async def scenario():
        mine, mine_elsewhere, theirs = await open_bell(browser), await open_bell(other_browser), await open_bell(third)
        response = await sync_to_async(_delete_committed)(browser)
        assert response.status_code == 302
        for ws in (mine, mine_elsewhere):
            assert (await ws.receive_output(timeout=3))["type"] == "websocket.close"
            await ws.disconnect()
        assert await theirs.receive_nothing(timeout=0.3)
        await theirs.disconnect()

    async_to_sync(scenario)()
