from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        from django.db.backends.signals import connection_created

        from search.vectors import register_fold

        connection_created.connect(register_fold, dispatch_uid="search.register_fold")
