from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from notifications.emails import unsubscribe_url
        from outbox.services import unsubscribe_links

        # What an unsubscribe scope means (a kind, a community's digest) is decided here.
        unsubscribe_links(unsubscribe_url)
        from notifications.routing import websocket_urlpatterns
        from realtime import routing

        routing.register(websocket_urlpatterns)  # the bell's socket

        from notifications import listeners

        listeners.connect()
