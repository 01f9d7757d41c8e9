from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "realtime"
    verbose_name = "Realtime"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from accounts import sessions
        from communities import access
        from realtime import push

        # Access changes announced by communities (and by the apps above it, through the
        # same events): the sockets concerned re-check at once instead of within a second.
        access.on_member_access_changed(push.recheck_member_access)
        access.on_community_access_changed(push.recheck_community_access)
        # A session ended from the sessions page or by a password change: close its sockets.
        sessions.on_session_ended(push.close_user_sockets)
        # Logging out is Django's signal (not one of our models): close that session's sockets.
        user_logged_out.connect(push.close_sockets_on_logout, dispatch_uid="realtime-close-sockets-on-logout")
