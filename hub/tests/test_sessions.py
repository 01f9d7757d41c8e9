"""hub.sessions: cached sessions that keep working from the database when the cache is down."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches

from hub.sessions import SessionStore

pytestmark = pytest.mark.django_db


class DownCache:
    """A cache whose server is unreachable."""

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache unreachable")

    get = set = delete = _fail

    def __contains__(self, key):
        raise ConnectionError("cache unreachable")


def test_session_store_reads_from_the_cache_after_the_first_load(django_assert_num_queries):
    store = SessionStore()
    store["member"] = 7
    store.save()
    key = store.session_key
    with django_assert_num_queries(0):
        assert SessionStore(key)["member"] == 7


def test_session_store_falls_back_to_the_database_when_the_cache_is_down(monkeypatch):
    store = SessionStore()
    store["member"] = 7
    store.save()
    key = store.session_key
    caches["default"].clear()
    down = SessionStore(key)
    down._cache._wrapped = DownCache()
    assert down["member"] == 7  # read from the database, the refill failure only logged
    fresh = SessionStore()
    fresh._cache._wrapped = DownCache()
    fresh["member"] = 8
    fresh.save()  # new key: existence checked in the database; cache write failure logged
    assert Session.objects.filter(session_key=fresh.session_key).exists()


def test_session_store_log_out_with_the_cache_down_remembers_the_cached_copy():
    """A logged-out session must never come back from the cache: the database row goes at
    once and the key is kept until the cached copy is deleted."""
    from hub.models import SessionRevocation

    store = SessionStore()
    store["member"] = 7
    store.save()
    key = store.session_key
    store._cache._wrapped = DownCache()
    store.flush()
    assert not Session.objects.filter(session_key=key).exists()
    assert SessionRevocation.objects.filter(session_key=key).exists()
