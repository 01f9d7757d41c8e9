from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from accounts import profile_sections
        from communities import access
        from discussions import realtime  # also closes a person's sockets when they log out
        from discussions.digest import digest_sections
        from discussions.profile import activity
        from notifications.digests import register_provider

        register_provider(digest_sections)
        profile_sections.register("discussions.activity", activity, order=20)
        access.on_member_access_changed(realtime.revoke_community_access)
        access.on_community_access_changed(realtime.community_visibility_changed)

        from discussions.services import effects
        from remoteimages.services import register

        register("discussions.post", fields=["body_html"], after=effects.push_post_localised)

        # A session ended from the sessions page or by a password change: close its sockets.
        from accounts import sessions

        sessions.on_session_ended(realtime.close_user_sockets)
