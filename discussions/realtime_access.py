"""Per-process state behind the discussion sockets: access verdicts and presence.

Access: a socket re-checks its reader's permission before each push, but a thread with a
thousand readers must not cost a thousand queries per post.  ``AccessBoard`` keeps, per
thread (or community) and per process, the verdict of every connected reader, computed in
one batch (thread, users, memberships: three queries) by the permission functions of
``communities.permissions``/``discussions.permissions`` with the membership cache pre-filled.
A verdict older than ``TTL`` is recomputed before the next push, so a removed, banned or
suspended member, or a community turning private, stops receiving within ``TTL`` plus one
message even when no service announced it; announced changes re-check at once.

Presence: each process counts its own readers of a thread and publishes them to the cache
(Redis in production, shared by every process); the total is the union of signed-in
readers plus the anonymous connections.
"""

import asyncio
import logging
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone

from communities import permissions as cp
from communities.models import Community, Membership
from discussions import permissions as dp
from discussions.models import Thread

logger = logging.getLogger(__name__)

TTL = 1.0


@dataclass(frozen=True)
class Verdict:
    view: bool
    moderate: bool = False
    reply: bool = False
    name: str = ""
    community_id: int | None = None


DENIED = Verdict(view=False)
SESSION_ENDED = Verdict(view=False, name="session-ended")


def _readers(community, user_ids):
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


def _ended_sessions(session_keys) -> set:
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


def thread_verdicts(thread_id, user_ids, session_keys):
    thread = Thread.objects.select_related("community").filter(pk=thread_id).first()
    if thread is None:
        return dict.fromkeys(user_ids, DENIED), set()
    community = thread.community
    verdicts = {}
    for uid, user in _readers(community, user_ids):
        if user is None:
            verdicts[uid] = DENIED
            continue
        verdicts[uid] = Verdict(
            view=dp.can_view_thread(user, thread),
            moderate=cp.can_moderate_community(user, community),
            reply=dp.can_reply(user, thread),
            name=str(user) if uid else "",
            community_id=community.pk,
        )
    return verdicts, _ended_sessions(session_keys)


def community_verdicts(community_id, user_ids, session_keys):
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return dict.fromkeys(user_ids, DENIED), set()
    verdicts = {}
    for uid, user in _readers(community, user_ids):
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
    return verdicts, _ended_sessions(session_keys)


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


thread_access = AccessBoard(thread_verdicts)
community_access = AccessBoard(community_verdicts)


# --- presence -------------------------------------------------------------------------------

PROCESS_ID = uuid.uuid4().hex[:12]
PRESENCE_TTL = 60
PRESENCE_HEARTBEAT = 10.0
PRESENCE_DEBOUNCE = 1.0


def _presence_key(thread_id, proc):
    return f"rt:presence:{thread_id}:{proc}"


def _procs_key(thread_id):
    return f"rt:presence-procs:{thread_id}"


def publish_presence(thread_id, readers: list, languages=()) -> int:
    """Store this process's readers of ``thread_id`` (and their pages' languages); return the
    count over every process."""
    users = sorted({r for r in readers if isinstance(r, int)})
    anonymous = sum(1 for r in readers if not isinstance(r, int))
    langs = sorted({str(code)[:10] for code in languages if code})
    now = time.time()
    try:
        procs = {p: exp for p, exp in (cache.get(_procs_key(thread_id)) or {}).items() if exp > now}
        if readers:
            entry = {"users": users, "anon": anonymous, "langs": langs}
            cache.set(_presence_key(thread_id, PROCESS_ID), entry, PRESENCE_TTL)
            if procs.get(PROCESS_ID, 0) < now + PRESENCE_TTL / 2:
                procs[PROCESS_ID] = now + PRESENCE_TTL
                cache.set(_procs_key(thread_id), procs, PRESENCE_TTL * 2)
        else:
            cache.delete(_presence_key(thread_id, PROCESS_ID))
            if procs.pop(PROCESS_ID, None) is not None:
                cache.set(_procs_key(thread_id), procs, PRESENCE_TTL * 2)
        stored = cache.get_many([_presence_key(thread_id, p) for p in procs if p != PROCESS_ID])
    except Exception:
        logger.warning("Presence store unavailable; counting this process only", exc_info=True)
        stored = {}
    everyone = set(users)
    for value in stored.values():
        everyone.update(value.get("users", ()))
        anonymous += int(value.get("anon", 0))
    return len(everyone) + anonymous


def languages_present(thread_id) -> set[str]:
    """The page languages of the thread's readers over every process (empty when unknown)."""
    now = time.time()
    try:
        procs = [p for p, exp in (cache.get(_procs_key(thread_id)) or {}).items() if exp > now]
        stored = cache.get_many([_presence_key(thread_id, p) for p in procs]) if procs else {}
    except Exception:
        logger.warning("Presence store unavailable; languages of readers unknown", exc_info=True)
        return set()
    return {code for value in stored.values() for code in value.get("langs", ())}


class Presence:
    """This process's readers per thread; announces the total when it changes."""

    def __init__(self):
        self.readers: dict[int, dict[str, object]] = defaultdict(dict)
        self.languages: dict[int, dict[str, str]] = defaultdict(dict)
        self.wakeups: dict[int, asyncio.Event] = {}
        self.tasks: dict[int, asyncio.Task] = {}
        self.newcomers: set[int] = set()

    def join(self, thread_id, channel_name, reader_key, announce, language=""):
        self.readers[thread_id][channel_name] = reader_key
        self.languages[thread_id][channel_name] = language
        self.newcomers.add(thread_id)  # they need the count even when it did not change
        self._poke(thread_id, announce)

    def leave(self, thread_id, channel_name, announce):
        readers = self.readers.get(thread_id)
        self.languages.get(thread_id, {}).pop(channel_name, None)
        if readers is not None and readers.pop(channel_name, None) is not None:
            self._poke(thread_id, announce)

    def _poke(self, thread_id, announce):
        wakeup = self.wakeups.setdefault(thread_id, asyncio.Event())
        wakeup.set()
        task = self.tasks.get(thread_id)
        if task is None or task.done():
            self.tasks[thread_id] = asyncio.ensure_future(self._run(thread_id, announce))

    async def _run(self, thread_id, announce):
        """Debounce joins/leaves, publish, announce; heartbeat while this process has readers."""
        last = None
        wakeup = self.wakeups[thread_id]
        try:
            while True:
                try:
                    await asyncio.wait_for(wakeup.wait(), timeout=PRESENCE_HEARTBEAT)
                    await asyncio.sleep(PRESENCE_DEBOUNCE)
                except TimeoutError:
                    pass
                wakeup.clear()
                newcomers = thread_id in self.newcomers
                self.newcomers.discard(thread_id)
                readers = list(self.readers.get(thread_id, {}).values())
                languages = list(self.languages.get(thread_id, {}).values())
                count = await database_sync_to_async(publish_presence)(thread_id, readers, languages)
                if count != last or newcomers:
                    last = count
                    await announce(thread_id, count)
                if not self.readers.get(thread_id):  # re-read: someone may have joined meanwhile
                    return
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.warning("Presence loop for thread %s stopped", thread_id, exc_info=True)
        finally:
            if not self.readers.get(thread_id):
                self.readers.pop(thread_id, None)
                self.languages.pop(thread_id, None)
                self.wakeups.pop(thread_id, None)
            self.tasks.pop(thread_id, None)


presence = Presence()
