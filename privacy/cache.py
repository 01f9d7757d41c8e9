"""Dropping rendered pages from the cache when a member is erased.

The page cache, the fragments and the shared data of signed-in pages go stale when their generation moves, but stale
entries stay in the cache until their TTL: after an erasure they could still hold the
person's name.  So they are deleted, by key prefix, on the backends the hub runs on
(Redis and the local-memory cache); any other backend is cleared whole.
"""

import logging

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from hub import pagecache

logger = logging.getLogger(__name__)

# Prefixes of cached values that can hold a member's name or words.
RENDERED_PREFIXES = (pagecache.KEY_PREFIX, "postfrag:", "frag:", "data:", "rt:presence:", "search:")


def _backend():
    return caches["default"]


def _stored_prefixes(cache) -> list[str]:
    """The prefixes as stored, with this installation's KEY_PREFIX and version (a shared Redis
    keeps other installations' keys untouched)."""
    return [cache.make_key(prefix) for prefix in RENDERED_PREFIXES]


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def purge_rendered_pages() -> int:
    """Delete every cached page and fragment; returns how many keys went."""
    pagecache.bump()
    cache = _backend()
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        deleted = 0
        for prefix in _stored_prefixes(cache):
            batch = list(client.scan_iter(match=f"{_glob_escape(prefix)}*", count=500))
            if batch:
                deleted += client.delete(*batch)
        return deleted
    if isinstance(cache, LocMemCache):
        prefixes = tuple(_stored_prefixes(cache))
        with cache._lock:
            keys = [k for k in list(cache._cache.keys()) if k.startswith(prefixes)]
            for key in keys:
                cache._cache.pop(key, None)
                cache._expire_info.pop(key, None)
        return len(keys)
    logger.info("Cache backend %s cannot be scanned; clearing it", type(cache).__name__)
    cache.clear()
    return -1
