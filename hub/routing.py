"""All websocket routes: those the apps registered with ``realtime.routing`` in their
``AppConfig.ready()`` (read once Django is set up, as ``hub/asgi.py`` does)."""

from realtime.routing import websocket_urlpatterns as registered

websocket_urlpatterns = registered()
