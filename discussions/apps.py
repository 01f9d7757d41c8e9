from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from discussions import realtime  # noqa: F401  (closes a person's sockets when they log out)
        from discussions.digest import digest_sections
        from notifications.digests import register_provider

        register_provider(digest_sections)
