"""All websocket routes, gathered from the apps that push realtime events."""

from discussions.routing import websocket_urlpatterns as discussions_ws
from messaging.routing import websocket_urlpatterns as messaging_ws
from notifications.routing import websocket_urlpatterns as notifications_ws

websocket_urlpatterns = [*discussions_ws, *notifications_ws, *messaging_ws]
