"""Login throttling is shared through Redis when REDIS_URL is set (CI), so several ASGI
processes count failures together."""

import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache(settings):
    if not django_settings.TEST_REDIS_URL:
        pytest.skip("REDIS_URL not set")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": django_settings.TEST_REDIS_URL,
            "KEY_PREFIX": f"test-throttle-{uuid.uuid4().hex}",
        }
    }
    yield caches["default"]
    caches["default"].clear()


@pytest.mark.django_db
def test_login_failures_counted_in_redis_across_clients(redis_cache, user):
    # Two clients stand for two server processes: only the shared cache links them.
    first, second = Client(), Client()
    for _ in range(3):
        first.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    for _ in range(2):
        second.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = Client().post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in Client().session
    client = redis_cache._cache.get_client()
    assert client.keys(f"{redis_cache.key_prefix}*"), "the counters live in Redis"
