from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from accounts import profile_sections
        from discussions.digest import digest_sections
        from discussions.profile import activity
        from notifications.digests import register_provider

        register_provider(digest_sections)
        profile_sections.register("discussions.activity", activity, order=20)

        from discussions.services import effects
        from remoteimages.services import register

        register("discussions.post", fields=["body_html"], after=effects.push_post_localised)

        # The thread and community sockets (their access board registers with realtime.access).
        from discussions.routing import websocket_urlpatterns
        from realtime import routing

        routing.register(websocket_urlpatterns)
