"""A Redis cache that degrades instead of raising when Redis is unreachable.

Every read answers a miss, every write is dropped (``add`` answers False, ``incr`` raises
``ValueError`` as for a missing key), and the failure is logged once per outage by the
shared breaker (``hub.resilience.cache_breaker``).  While the breaker is open, calls do not
even try Redis, so an outage does not add a connection timeout to every request.

What that means for the callers: pages render without their caches, sessions come from the
database (``hub.sessions``), the project's rate limits let requests through, and allauth's
login throttling fails *closed* (its lock is an ``add`` that now fails: the sign-in attempt
gets the "try again shortly" page, see ``hub.views.too_many_requests``).

``strict()`` gives the raising variant for callers that must know a write was lost
(a session deleted at logout).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from hub.resilience import cache_breaker

_MISSING = object()


class CacheUnavailable(Exception):
    """Raised by the strict calls while Redis is unreachable."""


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` around the pool on every call, which costs
    more CPU than a cache hit itself; one per pool is enough (it is thread-safe)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_reused_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    breaker = cache_breaker

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _guard(self, call, fallback, *args, **kwargs):
        if not self.breaker.allow():
            return fallback()
        try:
            result = call(*args, **kwargs)
        except Exception as exc:
            if not _is_outage(exc):
                raise
            self.breaker.failure(exc)
            return fallback()
        self.breaker.success()
        return result

    @property
    def available(self) -> bool:
        return self.breaker.allow()

    # --- the cache API ---------------------------------------------------------------------

    def add(self, key, value, timeout=_MISSING, version=None):
        args = (key, value) if timeout is _MISSING else (key, value, timeout)
        return self._guard(super().add, lambda: False, *args, version=version)

    def get(self, key, default=None, version=None):
        return self._guard(super().get, lambda: default, key, default, version=version)

    def set(self, key, value, timeout=_MISSING, version=None):
        args = (key, value) if timeout is _MISSING else (key, value, timeout)
        return self._guard(super().set, lambda: None, *args, version=version)

    def touch(self, key, timeout=_MISSING, version=None):
        args = (key,) if timeout is _MISSING else (key, timeout)
        return self._guard(super().touch, lambda: False, *args, version=version)

    def delete(self, key, version=None):
        return self._guard(super().delete, lambda: False, key, version=version)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, dict, keys, version=version)

    def has_key(self, key, version=None):
        return self._guard(super().has_key, lambda: False, key, version=version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return self._guard(super().incr, missing, key, delta, version=version)

    def set_many(self, data, timeout=_MISSING, version=None):
        args = (data,) if timeout is _MISSING else (data, timeout)
        return self._guard(super().set_many, lambda: list(data), *args, version=version)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, lambda: None, keys, version=version)

    def clear(self):
        return self._guard(super().clear, lambda: None)

    # --- raising variants ------------------------------------------------------------------

    def delete_strict(self, key, version=None):
        """``delete`` that raises ``CacheUnavailable`` when the key may still be in Redis."""
        if not self.breaker.allow():
            raise CacheUnavailable(key)
        try:
            result = super().delete(key, version=version)
        except Exception as exc:
            if not _is_outage(exc):
                raise
            self.breaker.failure(exc)
            raise CacheUnavailable(key) from exc
        self.breaker.success()
        return result


def _is_outage(exc) -> bool:
    """Connection-level failures (refused, reset, timed out, Redis loading or read-only), not
    a bug of ours (a wrong type, a pickling error), which must still raise."""
    from redis import exceptions

    return isinstance(exc, (exceptions.ConnectionError, exceptions.TimeoutError, exceptions.ReadOnlyError, OSError))
