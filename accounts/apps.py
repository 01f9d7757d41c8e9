from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and profiles"

    def ready(self):
        from remoteimages.services import register

        register("accounts.user", fields=["bio_html"])

        from accounts import signals  # noqa: F401
