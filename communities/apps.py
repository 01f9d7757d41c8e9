from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Communities"

    def ready(self):
        from accounts import profile_sections
        from communities.profile import memberships

        profile_sections.register("communities.memberships", memberships, order=10)

        from remoteimages.services import register

        register("communities.community", fields=["description_html", "charter_html"])
