"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate-limit counters and cached fragments never leak between tests."""
    cache.clear()
    yield
    cache.clear()


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
