from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"

    def ready(self):
        from remoteimages.services import register

        # Private messages never load a remote resource: their images are links until copied.
        register("messaging.message", fields=["body_html"])

        from messaging.routing import websocket_urlpatterns
        from realtime import routing

        routing.register(websocket_urlpatterns)
