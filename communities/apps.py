from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Communities"

    def ready(self):
        from remoteimages.services import register

        register("communities.community", fields=["description_html", "charter_html"])
