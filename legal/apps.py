from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Privacy and terms")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from legal.middleware import check_documents_at_login

        user_logged_in.connect(check_documents_at_login, dispatch_uid="legal-check-at-login")
