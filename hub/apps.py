from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Action Hub site"

    def ready(self):
        from hub import pagecache  # noqa: F401  (connects the write watcher)
