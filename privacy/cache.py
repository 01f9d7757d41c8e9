"""Dropping rendered pages from the cache when a member is erased.

The page cache and the post fragments go stale when their generation moves, but stale
entries stay in the cache until their TTL: after an erasure they could still hold the
person's name.  So they are deleted, by key prefix, on the backends the hub runs on
(Redis and the local-memory cache); any other backend is cleared whole.
"""

import logging

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from hub import pagecache

logger = logging.getLogger(__name__)

# Prefixes of cached values that can hold a member's name or words.
RENDERED_PREFIXES = (pagecache.KEY_PREFIX, "postfrag:", "presence:", "search:")


def _matches(key: str) -> bool:
    return any(prefix in key for prefix in RENDERED_PREFIXES)


def purge_rendered_pages() -> int:
    """Delete every cached page and fragment; returns how many keys went."""
    pagecache.bump()
    backend = getattr(cache, "_cache", None)
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        deleted = 0
        for prefix in RENDERED_PREFIXES:
            batch = list(client.scan_iter(match=f"*{prefix}*", count=500))
            if batch:
                deleted += client.delete(*batch)
        return deleted
    if isinstance(cache, LocMemCache):
        keys = [k for k in list(backend.keys()) if _matches(k)]
        with cache._lock:
            for key in keys:
                backend.pop(key, None)
                cache._expire_info.pop(key, None)
        return len(keys)
    logger.info("Cache backend %s cannot be scanned; clearing it", type(cache).__name__)
    cache.clear()
    return -1
