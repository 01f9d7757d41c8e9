"""A real Redis stopped and started again under a signed-in member (a private redis-server on
a free port, never a shared one): pages and posting work throughout, and once Redis is back
the cache is used again and sessions ended meanwhile are removed from it."""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import SessionRevocation
from hub.resilience import broker_breaker, cache_breaker, layer_breaker
from hub.tests.test_redis_down import redis_settings

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not shutil.which("redis-server"), reason="no redis-server")]


class OwnRedis:
    def __init__(self, tmp_path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.dir = tmp_path
        self.process = None

    def start(self):
        import redis

        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def own_redis(settings, tmp_path):
    server = OwnRedis(tmp_path)
    server.start()
    for name, value in redis_settings(f"redis://127.0.0.1:{server.port}/0").items():
        setattr(settings, name, value)
    for breaker in (cache_breaker, broker_breaker, layer_breaker):
        breaker.reset()
    yield server
    if server.process.poll() is None:
        server.stop()
    for breaker in (cache_breaker, broker_breaker, layer_breaker):
        breaker.reset()


def test_pages_and_posting_survive_a_redis_restart(own_redis, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from discussions import services
    from discussions.models import Post
    from discussions.tests.realtime_helpers import make_community, make_member

    community = make_community()
    member, other = make_member(community), make_member(community)
    thread = services.thread_create(author=other, community=community, title="Flood gauges", body="Which ones?")
    client, leaving = Client(), Client()
    client.force_login(member)
    leaving.force_login(other)
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert cache.get("anything", "miss") == "miss" and cache_breaker.failing is False  # Redis answers

    own_redis.stop()
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert client.get(reverse("notifications:list")).status_code == 200
    reply_url = reverse("discussions:post-create", kwargs={"community": community.slug, "thread_id": thread.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reply_url, {"body": "Radar gauges, mostly.", "idempotency_key": "restart-1"})
    assert response.status_code == 302
    assert leaving.post(reverse("account_logout")).status_code == 302
    assert SessionRevocation.objects.count() == 1
    assert cache_breaker.failing

    own_redis.start()
    cache_breaker._open_until = 0.0  # the breaker's cooldown is over: the next call tries Redis
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert not cache_breaker.failing  # Redis is used again
    assert client.get(thread.get_absolute_url()).status_code == 200  # this request replays the logout
    assert not SessionRevocation.objects.exists()
    assert Post.objects.filter(thread=thread, body__contains="Radar gauges").count() == 1
