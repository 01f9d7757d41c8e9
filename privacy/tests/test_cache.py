"""Purging rendered pages on the backends the hub runs on."""

import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from hub import pagecache
from privacy import cache as privacy_cache


def _fill(store):
    store.set(pagecache.KEY_PREFIX + "abc", "<html>Zephyrine</html>", 60)
    store.set("postfrag:1:xyz", (1, "<article>Zephyrine</article>"), 60)
    store.set("rt:presence:7:proc", {"users": [1]}, 60)
    store.set("rl:login:1:99", 3, 60)  # a rate-limit counter: kept


def test_purge_drops_pages_and_fragments_from_the_local_memory_cache():
    _fill(cache)
    assert privacy_cache.purge_rendered_pages() == 3
    assert cache.get(pagecache.KEY_PREFIX + "abc") is None
    assert cache.get("postfrag:1:xyz") is None
    assert cache.get("rt:presence:7:proc") is None
    assert cache.get("rl:login:1:99") == 3


@pytest.mark.redis
def test_purge_drops_pages_and_fragments_from_redis(settings, monkeypatch):
    url = getattr(django_settings, "TEST_REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL not set")
    from django.core.cache.backends.redis import RedisCache

    redis_cache = RedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"})
    monkeypatch.setattr(privacy_cache, "_backend", lambda: redis_cache)
    try:
        _fill(redis_cache)
        assert privacy_cache.purge_rendered_pages() == 3
        assert redis_cache.get(pagecache.KEY_PREFIX + "abc") is None
        assert redis_cache.get("postfrag:1:xyz") is None
        assert redis_cache.get("rl:login:1:99") == 3
    finally:
        redis_cache.delete_many(["rl:login:1:99", "rt:presence:7:proc"])
