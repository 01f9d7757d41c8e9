from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from remoteimages.services import register

        register("events.event", fields=["description_html", "materials_html"])
