"""Websocket routes of this app (see hub/routing.py)."""

from django.urls import path

from discussions import consumers

websocket_urlpatterns = [
    path("ws/threads/<int:thread_id>/", consumers.ThreadConsumer.as_asgi()),
    path("ws/communities/<int:community_id>/", consumers.CommunityConsumer.as_asgi()),
]
