from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and profiles"

    def ready(self):
        from remoteimages.services import register

        register("accounts.user", fields=["bio_html"])

        from allauth.account.signals import password_changed, password_reset
        from django.contrib.auth.signals import user_logged_in

        from accounts import (
            middleware,
            sessions,
            signals,  # noqa: F401
        )

        password_changed.connect(sessions.end_sessions_after_password_change, dispatch_uid="accounts-end-sessions-pw")
        password_reset.connect(sessions.end_sessions_after_password_change, dispatch_uid="accounts-end-sessions-reset")
        user_logged_in.connect(sessions.mark_session_seen_at_login, dispatch_uid="accounts-session-seen-at-login")
        user_logged_in.connect(middleware.remember_two_factor_at_login, dispatch_uid="accounts-two-factor-at-login")
