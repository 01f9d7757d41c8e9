"""Tell higher apps, after commit, that someone's access to a community may have changed.

Communities sits below the apps that hold live connections (discussions' websockets), so it
cannot call them; they register listeners here in their ``AppConfig.ready()``.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

_member_listeners = []
_community_listeners = []


def on_member_access_changed(listener) -> None:
    """``listener(user_id, community_id)``: removal, ban, leave, role change."""
    if listener not in _member_listeners:
        _member_listeners.append(listener)


def on_community_access_changed(listener) -> None:
    """``listener(community_id)``: visibility change, archive."""
    if listener not in _community_listeners:
        _community_listeners.append(listener)


def _call(listeners, *args):
    for listener in listeners:
        try:
            listener(*args)
        except Exception:  # a push failure never reaches the request
            logger.warning("access listener %r failed", listener, exc_info=True)


def member_access_changed(user_id, community_id) -> None:
    transaction.on_commit(lambda: _call(_member_listeners, user_id, community_id))


def community_access_changed(community_id) -> None:
    transaction.on_commit(lambda: _call(_community_listeners, community_id))
