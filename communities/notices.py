"""Events communities announce so that the people concerned are told.

Communities sits below notifications, so it never writes a notification itself: it says what
happened (ids only) and notifications, subscribed in its ``AppConfig.ready()``, decides the
words and the recipients' channels.  Listeners run after commit through ``hub.effects``.
"""

from hub.effects import Event

join_requested = Event("communities.join_requested", "listener(*, community_id, user_id): a request to join")
requests_decided = Event(
    "communities.requests_decided",
    "listener(*, community_id, user_ids, approved, actor_id): join requests approved or declined",
)
role_changed = Event(
    "communities.role_changed", "listener(*, community_id, user_id, role, actor_id): a member's new role"
)
member_invited = Event(
    "communities.member_invited", "listener(*, invitation_id, user_id): an invitation to someone with an account"
)
