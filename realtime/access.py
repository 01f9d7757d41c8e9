"""Access verdicts of connected readers, per process, refreshed in batches.

A socket re-checks its reader's permission before each push, but a thread with a thousand
readers must not cost a thousand queries per post.  An ``AccessBoard`` keeps, per object
(a thread, a community) and per process, the verdict of every connected reader, computed
in one batch (object, users, memberships: three queries) by the permission functions of
the app that registered the board, with the membership cache pre-filled (``readers``).
A verdict older than ``TTL`` is recomputed before the next push, so a removed, banned or
suspended member, or a community turning private, stops receiving within ``TTL`` plus one
message even when no service announced it; announced changes re-check at once.

Apps register their boards with ``register_board(name, compute)``; the community board is
defined here since it needs only ``communities.permissions``.
"""

import asyncio
import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from communities import permissions as cp
from communities.models import Community, Membership

logger = logging.getLogger(__name__)

TTL = 1.0


@dataclass(frozen=True)
class Verdict:
    """What one reader may do on one socket: read (``view``), moderate, write (``reply``:
    typing pings), plus ``rights``, an app's own summary of the reader's rights (for
    discussions, ``discussions.permissions.ThreadRights``: what each pushed post shows)."""

    view: bool
    moderate: bool = False
    reply: bool = False
    name: str = ""
    community_id: int | None = None
    rights: object = None


DENIED = Verdict(view=False)
SESSION_ENDED = Verdict(view=False, name="session-ended")


def readers(community, user_ids):
    """(user_id, user object) for each reader, with memberships pre-loaded for ``community``."""
    ids = [uid for uid in user_ids if uid is not None]
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)} if ids else {}
    memberships = {}
    if ids and community is not None:
        memberships = {m.user_id: m for m in Membership.objects.filter(community=community, user_id__in=ids)}
    for uid in user_ids:
        if uid is None:
            yield uid, AnonymousUser()
            continue
        user = users.get(uid)
        if user is None or not user.is_active:
            yield uid, None
            continue
        setattr(user, cp.MEMBERSHIP_CACHE_ATTR, {community.pk: memberships.get(uid)} if community else {})
        yield uid, user


def _sessions_in_database() -> bool:
    """Whether every session has a database row (db and cached_db engines, and their subclasses)."""
    from importlib import import_module

    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

    return issubclass(import_module(settings.SESSION_ENGINE).SessionStore, DatabaseStore)


def ended_sessions(session_keys) -> set:
    """Session keys that no longer exist (logged out on another process, expired, flushed)."""
    keys = [k for k in session_keys if k]
    if not keys or not _sessions_in_database():
        return set()
    from django.contrib.sessions.models import Session

    alive = set(
        Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now()).values_list(
            "session_key", flat=True
        )
    )
    return set(keys) - alive


def community_verdicts(community_id, user_ids, session_keys):
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return dict.fromkeys(user_ids, DENIED), set()
    verdicts = {}
    for uid, user in readers(community, user_ids):
        if user is None:
            verdicts[uid] = DENIED
            continue
        verdicts[uid] = Verdict(
            view=cp.can_view_community(user, community),
            moderate=cp.can_moderate_community(user, community),
            reply=cp.can_post_in_community(user, community),
            name=str(user) if uid else "",
            community_id=community.pk,
        )
    return verdicts, ended_sessions(session_keys)


class _Entry:
    __slots__ = ("users", "sessions", "verdicts", "ended", "loaded_at", "task")

    def __init__(self):
        self.users = Counter()
        self.sessions = Counter()
        self.verdicts = {}
        self.ended = set()
        self.loaded_at = 0.0
        self.task = None


class AccessBoard:
    """Verdicts of the connected readers of one kind of object, refreshed in batches."""

    def __init__(self, compute):
        self.compute = compute
        self.entries: dict[int, _Entry] = defaultdict(_Entry)

    def register(self, obj_id, user_id, session_key):
        entry = self.entries[obj_id]
        entry.users[user_id] += 1
        if user_id is not None and session_key:
            entry.sessions[session_key] += 1

    def unregister(self, obj_id, user_id, session_key):
        entry = self.entries.get(obj_id)
        if entry is None:
            return
        entry.users[user_id] -= 1
        if entry.users[user_id] <= 0:
            del entry.users[user_id]
            entry.verdicts.pop(user_id, None)
        if user_id is not None and session_key:
            entry.sessions[session_key] -= 1
            if entry.sessions[session_key] <= 0:
                del entry.sessions[session_key]
        if not entry.users and entry.task is None:
            del self.entries[obj_id]

    async def _refresh(self, obj_id, entry):
        started = time.time()
        try:
            verdicts, ended = await database_sync_to_async(self.compute)(
                obj_id, list(entry.users), list(entry.sessions)
            )
            entry.verdicts.update(verdicts)
            entry.ended = ended
            entry.loaded_at = started
        except Exception:
            logger.exception("Realtime access refresh failed for %s", obj_id)
            entry.loaded_at = started  # keep the previous verdicts rather than hammer a sick DB
        finally:
            entry.task = None

    async def verdict(self, obj_id, user_id, session_key=None, *, fresh_after=None) -> Verdict:
        """The reader's verdict, computed no earlier than ``fresh_after`` (default: TTL ago)."""
        if fresh_after is None:
            fresh_after = time.time() - TTL
        entry = self.entries[obj_id]
        for _attempt in range(3):
            known = entry.verdicts.get(user_id)
            if known is not None and entry.loaded_at >= fresh_after:
                break
            if entry.task is None:
                entry.task = asyncio.ensure_future(self._refresh(obj_id, entry))
            await asyncio.shield(entry.task)
        if user_id is not None and session_key and session_key in entry.ended:
            return SESSION_ENDED
        return entry.verdicts.get(user_id, DENIED)


_boards: dict[str, AccessBoard] = {}


def register_board(name: str, compute) -> AccessBoard:
    """The board ``name`` (created on first call): ``compute(obj_id, user_ids, session_keys)``
    returns ``({user_id: Verdict}, ended_session_keys)`` in a few queries, run in a thread."""
    board = _boards.get(name)
    if board is None:
        board = _boards[name] = AccessBoard(compute)
    return board


def reset() -> None:
    """Forget every verdict of this process (tests)."""
    for board in _boards.values():
        board.entries.clear()


community_access = register_board("community", community_verdicts)
