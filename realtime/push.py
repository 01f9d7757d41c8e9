"""Sending to open sockets, best effort: HTTP stays the truth.

Every app that pushes calls these (after commit, through ``hub.effects.on_commit``).  A
channel-layer failure (Redis down, the breaker open, a full channel) is logged and never
reaches the caller: the write is saved, pages work, and clients catch up over HTTP.
"""

import asyncio
import logging
import time

from asgiref.sync import async_to_sync

from realtime import groups

logger = logging.getLogger(__name__)

# A blackholed Redis must not hold the committing request for long.
SEND_TIMEOUT = 2.0


async def _group_send_many(layer, messages):
    from realtime.layers import layer_call

    for group, event in messages:
        await asyncio.wait_for(layer_call(layer.group_send, group, event), timeout=SEND_TIMEOUT)


def send_many(*messages: tuple[str, dict]) -> bool:
    """``group_send`` each ``(group, event)``; False (and a log line) when the layer fails."""
    from channels.layers import get_channel_layer

    from realtime.layers import LayerUnavailable

    try:
        layer = get_channel_layer()
        if layer is None:
            return False
        async_to_sync(_group_send_many)(layer, messages)
        return True
    except Exception as exc:
        names = ", ".join(group for group, _ in messages)
        # An outage the layer already reported needs no traceback.
        logger.warning(
            "Realtime push to %s skipped: channel layer unavailable",
            names,
            exc_info=not isinstance(exc, LayerUnavailable),
        )
        return False


def send(group: str, event: dict) -> bool:
    """Push ``event`` to ``group``; False when it could not be sent."""
    return send_many((group, event))


def send_to_user(user_id, event: dict) -> bool:
    """Push ``event`` to every open socket of ``user_id`` (group ``user.<id>``)."""
    return send_many((groups.user(user_id), event))


# --- events every socket understands (handled by realtime.consumers.HubConsumer) -------------


def recheck_member_access(user_id, community_id) -> None:
    """``user_id`` lost (or may have lost) access to ``community_id``: removal, ban, suspension,
    role change.  Their open sockets re-check their permissions at once and close with 4403
    when they may no longer read; suspended members keep reading but stop typing."""
    send_to_user(user_id, {"type": "realtime.recheck", "community_id": int(community_id), "at": time.time()})


def recheck_community_access(community_id) -> None:
    """The community turned private/hidden, was archived, or its rules changed: every socket
    that depends on it re-checks now (anonymous readers of a now-private community are closed)."""
    send(
        groups.community_access(community_id),
        {"type": "realtime.recheck", "community_id": int(community_id), "at": time.time()},
    )


def close_user_sockets(user_id, *, session_key=None) -> None:
    """Close the sockets of ``user_id`` (one session's, or all when ``session_key`` is None):
    logout, deactivation, site-wide suspension, password change."""
    send_to_user(user_id, {"type": "realtime.logout", "session_key": session_key, "at": time.time()})


def close_sockets_on_logout(sender, request, user, **kwargs):
    """``user_logged_out`` receiver: sent before the session is flushed, so the key is still
    the one the sockets stored."""
    if user is None or not getattr(user, "pk", None):
        return
    session = getattr(request, "session", None)
    close_user_sockets(user.pk, session_key=getattr(session, "session_key", None) or None)
