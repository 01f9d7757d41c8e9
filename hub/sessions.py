"""Session store: cached_db (reads from the cache, writes through to the database) that keeps
working from the database alone while the cache (Redis) is unreachable.

With ``hub.cache.ResilientRedisCache`` every cache call already degrades (a miss, a dropped
write), so a signed-in request reads its session from the database during an outage.  For
any other cache backend the refill after a miss and the existence check of a new key are
made tolerant here as well.

Log out is the one call that must not be dropped: a deleted session left in Redis would come
back from the cache when Redis returns.  When that delete fails, the session is still deleted
from the database (the member is logged out now) and a ``SessionRevocation`` row remembers the
key; the cached copy is deleted as soon as this process sees Redis again, and by the
``hub.tasks.session_revocations_replay_task`` sweep every minute in every case (another
process, a restart).  Until then the cache is down, so nothing reads that copy.
"""

import logging

from django.contrib.sessions.backends import cached_db

from hub.resilience import cache_breaker

logger = logging.getLogger(__name__)

_replay = {"pending": False}  # set when this process sees Redis come back (the sweep covers the rest)


def _mark_replay():
    _replay["pending"] = True


cache_breaker.on_recovery(_mark_replay)


class _RefillTolerantCache:
    """The session cache, with ``set`` failures logged instead of raised (used by load())."""

    def __init__(self, cache):
        self._wrapped = cache

    def set(self, *args, **kwargs):
        try:
            self._wrapped.set(*args, **kwargs)
        except Exception:
            logger.warning("Session cache unreachable; the session is read from the database", exc_info=True)

    def get(self, *args, **kwargs):
        return self._wrapped.get(*args, **kwargs)

    def __contains__(self, key):
        try:
            return key in self._wrapped
        except Exception:
            logger.warning("Session cache unreachable; the session is checked in the database", exc_info=True)
            return False

    def __getattr__(self, name):
        return getattr(self._wrapped, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _RefillTolerantCache(self._cache)

    def load(self):
        if _replay["pending"]:
            replay_revocations()
        return super().load()

    def delete(self, session_key=None):
        if session_key is None:
            session_key = self.session_key
        if session_key is None:
            return
        # The database first: from now on the session is gone wherever the cache is not.
        cached_db.DBStore.delete(self, session_key)
        cache_key = self.cache_key_prefix + session_key
        try:
            _strict_delete(self._cache._wrapped, cache_key)
        except Exception:
            from hub.models import SessionRevocation

            logger.warning("Session cache unreachable when a session ended; its cached copy is deleted when it is back")
            SessionRevocation.objects.get_or_create(session_key=session_key)


def _strict_delete(cache, key):
    strict = getattr(cache, "delete_strict", None)
    if strict is not None:
        return strict(key)
    return cache.delete(key)


def replay_revocations(limit=1000) -> int:
    """Delete from the cache the sessions ended while it was unreachable; the count done."""
    from django.conf import settings
    from django.core.cache import caches

    from hub.models import SessionRevocation

    _replay["pending"] = False
    cache = caches[settings.SESSION_CACHE_ALIAS]
    done = 0
    try:
        keys = list(SessionRevocation.objects.values_list("session_key", flat=True)[:limit])
        for key in keys:
            _strict_delete(cache, SessionStore.cache_key_prefix + key)
            SessionRevocation.objects.filter(session_key=key).delete()
            done += 1
    except Exception:
        # Still unavailable: the breaker's recovery (or the sweep) tries again.
        _replay["pending"] = not cache_breaker.failing
        logger.warning("Revoked sessions not yet removed from the cache", exc_info=True)
    return done
