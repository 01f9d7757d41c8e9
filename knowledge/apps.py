from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "knowledge"

    def ready(self):
        from remoteimages.services import register

        register("knowledge.casestudy", fields=["context_html", "actions_html", "outcomes_html", "lessons_html"])
