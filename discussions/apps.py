from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from discussions.digest import digest_sections
        from notifications.digests import register_provider

        register_provider(digest_sections)
