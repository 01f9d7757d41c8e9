"""Websocket routes of this app (see hub/routing.py)."""

from django.urls import path

from messaging import consumers

websocket_urlpatterns = [
    path("ws/messages/", consumers.MessagingConsumer.as_asgi()),
]
