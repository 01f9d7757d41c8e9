from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from notifications.routing import websocket_urlpatterns
        from realtime import routing

        routing.register(websocket_urlpatterns)  # the bell's socket
