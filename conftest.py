"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogues():
    """The .mo files are build output (``make locale``): compile the stale ones, so a plain
    ``pytest`` on a fresh checkout tests the translations too."""
    from hub.i18n.catalogues import compile_all

    compile_all(only_stale=True)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language.  A request through the test client leaves
    its language active in the test's thread (LocaleMiddleware never deactivates), and
    ``reverse()`` then adds that language's prefix (/fr/...) to every URL."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate-limit counters and cached fragments never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _keep_test_transaction_open(monkeypatch):
    """channels' database_sync_to_async closes "old" connections around each call.  In a
    consumer test the call runs on the test's own thread and connection: with CONN_MAX_AGE=0
    (or autocommit off inside the test's transaction) that would close the connection holding
    the test transaction, and every later query of the test (and its teardown) would fail with
    "connection already closed".  Connections inside a transaction are left alone; the others
    are still closed as in production."""
    import channels.db
    from django.db import connections

    def close_old_connections(**kwargs):
        for conn in connections.all(initialized_only=True):
            if not conn.in_atomic_block:
                conn.close_if_unusable_or_obsolete()

    monkeypatch.setattr(channels.db, "close_old_connections", close_old_connections)


@pytest.fixture
def csrf_client():
    """A test client that enforces CSRF like a browser-facing server does."""
    from django.test import Client

    return Client(enforce_csrf_checks=True)


@pytest.fixture
def user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def staff_user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)
