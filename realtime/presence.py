"""Presence: who reads a thread, over every server process.

Each process counts its own readers of a thread and publishes them to the cache (Redis in
production, shared by every process); the total is the union of signed-in readers plus the
anonymous connections.  The readers' page languages are published along, so a push is
rendered in the languages actually read (``realtime.languages.in_every_language``).
"""

import asyncio
import logging
import time
import uuid
from collections import defaultdict

from channels.db import database_sync_to_async
from django.core.cache import cache

logger = logging.getLogger(__name__)

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
