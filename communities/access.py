"""Events communities announce when someone's access may have changed.

Communities sits below the apps that hold live connections (the realtime sockets), so it
cannot call them; they subscribe here in their ``AppConfig.ready()`` and are called after
commit through ``hub.effects``.
"""

from hub.effects import Event

member_access = Event(
    "communities.member_access_changed", "listener(user_id, community_id): removal, ban, leave, role change"
)
community_access = Event("communities.community_access_changed", "listener(community_id): visibility change, archive")


def on_member_access_changed(listener) -> None:
    member_access.connect(listener)


def on_community_access_changed(listener) -> None:
    community_access.connect(listener)


def member_access_changed(user_id, community_id) -> None:
    member_access.send(user_id, community_id)


def community_access_changed(community_id) -> None:
    community_access.send(community_id)
