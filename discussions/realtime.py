"""Push discussion events to open websockets, best effort (HTTP stays the truth).

Services call these inside ``transaction.on_commit``.  Each renders the fragment once
and ``group_send``s it; a channel-layer failure is logged and never reaches the caller.
The realtime issue fills in the bodies; the call sites already exist.
"""

import logging

logger = logging.getLogger(__name__)


def broadcast_post_created(post) -> None:
    """A new post in ``thread.<id>`` and a new-reply marker in ``community.<id>``."""


def broadcast_post_updated(post) -> None:
    """An edit, soft deletion, hide/restore or approval of ``post``."""


def broadcast_reactions(post) -> None:
    """New reaction counts of ``post``."""


def broadcast_thread_created(thread) -> None:
    """A new thread in ``community.<id>``."""


def broadcast_thread_updated(thread) -> None:
    """Pin/lock/hide/rename of ``thread``."""
