"""Websocket routes of this app (see hub/routing.py)."""

websocket_urlpatterns = []
