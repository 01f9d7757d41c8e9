from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self):
        from accounts import profile_sections
        from moderation.profile import staff_tools

        profile_sections.register("moderation.staff_tools", staff_tools, order=5)
