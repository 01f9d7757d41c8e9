"""Redis unreachable (its port closed): every page still works for everyone, posting works,
sign-in fails closed with a clear page, and logging out stays logged out when Redis returns.

The settings point the cache, the sessions, the channel layer and the Celery broker at a
port where nothing listens, as in production when the Redis server is stopped.
"""

import socket

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory, MembershipFactory
from discussions import services
from discussions.models import Post
from hub.models import SessionRevocation
from hub.resilience import broker_breaker, cache_breaker, layer_breaker
from outbox.models import EmailDelivery

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_settings(url):
    return {
        "CACHES": {
            "default": {
                "BACKEND": "hub.cache.ResilientRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "hub-test-down",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        },
        "SESSION_ENGINE": "hub.sessions",
        "CHANNEL_LAYERS": {
            "default": {
                "BACKEND": "realtime.layers.PubSubChannelLayer",
                "CONFIG": {"hosts": [url], "prefix": "hub-test"},
            }
        },
    }


@pytest.fixture
def redis_down(settings):
    from hub.celery import app

    url = f"redis://127.0.0.1:{closed_port()}/0"
    for name, value in redis_settings(url).items():
        setattr(settings, name, value)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=url)
    _drop_broker_connections(app)
    for breaker in (cache_breaker, broker_breaker, layer_breaker):
        breaker.reset()
    yield url
    app.conf.update(saved)
    _drop_broker_connections(app)
    for breaker in (cache_breaker, broker_breaker, layer_breaker):
        breaker.reset()


def _drop_broker_connections(app):
    """Forget pooled broker connections made with an earlier broker URL."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's process-wide pools may still hold the closed one


@pytest.fixture
def world(db):
    community = CommunityFactory()
    member, author, moderator = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=member, community=community)
    MembershipFactory(user=author, community=community)
    MembershipFactory(user=moderator, community=community, role=Role.MODERATOR)
    thread = services.thread_create(
        author=author, community=community, title="Recharge of shallow aquifers", body="Who measures it?"
    )
    return {"community": community, "member": member, "author": author, "moderator": moderator, "thread": thread}


def signed_in_pages(world):
    community, thread, member = world["community"], world["thread"], world["member"]
    return [
        reverse("home"),
        reverse("about"),
        reverse("contact"),
        reverse("communities:directory"),
        reverse("communities:detail", kwargs={"slug": community.slug}),
        reverse("communities:members", kwargs={"slug": community.slug}),
        reverse("discussions:thread-list", kwargs={"community": community.slug}),
        thread.get_absolute_url(),
        reverse("accounts:directory"),
        reverse("accounts:profile", kwargs={"username": member.username}),
        reverse("accounts:profile-edit"),
        reverse("notifications:list"),
        reverse("notifications:preferences"),
        reverse("messaging:inbox"),
        reverse("search:search") + "?q=aquifer",
        reverse("events:calendar"),
        reverse("knowledge:home"),
        reverse("reports:index"),
        reverse("training:programme-list"),
        reverse("discussions:posts-after", kwargs={"thread_id": thread.pk, "number": 0}),
    ]


def sign_in(member):
    client = Client()
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    return client, response


def test_cache_answers_misses_without_raising(redis_down):
    assert cache.get("anything") is None
    assert cache.get("anything", 5) == 5
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    cache.set("k", 1)
    cache.delete("k")
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache_breaker.failing and not cache.available


def test_signed_in_pages_and_the_reply_form_work(redis_down, world, django_capture_on_commit_callbacks):
    member = world["member"]
    client = Client()
    client.force_login(member)  # the session is written to the database, the cache write only logged
    assert Session.objects.count() == 1
    for url in signed_in_pages(world):
        response = client.get(url, HTTP_ACCEPT="text/html,application/json")
        assert response.status_code == 200, url
    thread = world["thread"]
    page = client.get(thread.get_absolute_url())
    assert member.name.encode() in page.content or b"Sign out" in page.content or b"logout" in page.content
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("discussions:post-create", kwargs={"community": thread.community.slug, "thread_id": thread.pk}),
            {"body": "We log it monthly with a dipper.", "idempotency_key": "redis-down-1"},
        )
    assert response.status_code == 302
    assert callbacks, "the push and the email were attempted after the commit"
    assert Post.objects.filter(thread=thread, body__contains="dipper").count() == 1
    # The thread's author is told by email: the outbox row waits for the sweep (broker down).
    assert EmailDelivery.objects.filter(recipient=world["author"], status="pending").exists()
    assert layer_breaker.failing and broker_breaker.failing
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200 and b"dipper" in page.content


def test_moderator_and_anonymous_pages_work(redis_down, world):
    client = Client()
    client.force_login(world["moderator"])
    slug = world["community"].slug
    for url in (reverse("moderation:queue"), reverse("moderation:community-queue", kwargs={"slug": slug})):
        assert client.get(url).status_code == 200, url
    anonymous = Client()
    for url in (reverse("home"), world["thread"].get_absolute_url(), reverse("healthz")):
        assert anonymous.get(url).status_code == 200, url


def test_sign_in_fails_closed_with_a_try_again_page(redis_down, world):
    assert Client().get(reverse("account_login")).status_code == 200  # the form itself shows
    client, response = sign_in(world["member"])
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"try again" in response.content
    assert "_auth_user_id" not in client.session


def test_log_out_stays_logged_out_when_redis_returns(settings, world):
    """Signed in while Redis was up, logged out while it was down: the copy left in Redis is
    deleted when it is back (here: a working local cache standing for the restarted Redis)."""
    from hub import sessions

    settings.SESSION_ENGINE = "hub.sessions"
    client = Client()
    client.force_login(world["member"])
    key = client.session.session_key
    cached_key = sessions.SessionStore.cache_key_prefix + key
    assert caches["default"].get(cached_key) is not None

    class Down:
        def delete_strict(self, key):
            from hub.cache import CacheUnavailable

            raise CacheUnavailable(key)

    store = sessions.SessionStore(key)
    store._cache._wrapped = Down()
    store.flush()  # the logout's own call
    assert not Session.objects.filter(session_key=key).exists()
    assert SessionRevocation.objects.filter(session_key=key).exists()
    assert sessions.replay_revocations() == 1
    assert caches["default"].get(cached_key) is None
    assert not SessionRevocation.objects.exists()
    assert "_auth_user_id" not in Client(headers={"cookie": f"sessionid={key}"}).session


def test_log_out_through_the_page_works_while_redis_is_down(redis_down, world):
    client = Client()
    client.force_login(world["member"])
    key = client.session.session_key
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert SessionRevocation.objects.filter(session_key=key).exists()
    assert client.get(reverse("notifications:list")).status_code == 302  # asked to sign in again


def test_queuing_a_task_with_the_broker_down_is_logged_not_raised(redis_down, monkeypatch, caplog):
    from celery.app.task import Task

    from hub.tasks import session_revocations_replay_task

    assert session_revocations_replay_task.delay() is None
    assert broker_breaker.failing
    # While the breaker is open the broker is not even tried: no connection timeout per request.
    monkeypatch.setattr(Task, "apply_async", lambda *a, **k: pytest.fail("the broker was tried"))
    assert session_revocations_replay_task.delay() is None
    assert any("sweep will catch up" in r.getMessage() for r in caplog.records)


def test_a_redis_error_that_is_not_an_outage_still_raises(settings):
    from redis.exceptions import ResponseError

    from hub.cache import _is_outage

    assert not _is_outage(ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value"))
    assert not _is_outage(TypeError("cannot pickle"))
    assert _is_outage(ConnectionRefusedError())
