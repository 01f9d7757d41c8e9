"""Session store: cached_db (reads from the cache, writes through to the database) that keeps
working from the database alone while the cache (Redis) is unreachable.

Django's cached_db already falls back to the database when a cache read fails and logs a
failed cache write on save; here the two remaining cache calls of a request (the refill after
a cache miss, and the existence check of a new key) do the same.  A failed cache *delete*
(log out) still raises: a session that was logged out must never come back from the cache.
"""

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


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
