"""Post numbers and counters under concurrent replies (PostgreSQL row locks; SQLite serialises writes)."""

import threading

import pytest
from django.db import close_old_connections, connection

from communities.models import Community
from discussions import services
from discussions.models import Post, Thread

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"),
]


def test_concurrent_replies_get_distinct_numbers_and_exact_counters(community, make_member, monkeypatch, settings):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "1000/m")
    settings.NEW_MEMBER_LIMITS = {"days": 0, "accepted_posts": 0}  # established members
    owner = make_member(community)
    thread = services.thread_create(author=owner, community=community, title="Concurrent replies", body="Go")
    writers = [make_member(community) for _ in range(4)]
    per_writer = 5
    errors = []
    barrier = threading.Barrier(len(writers))

    def work(user):
        try:
            barrier.wait()
            fresh = Thread.objects.select_related("community").get(pk=thread.pk)
            for i in range(per_writer):
                services.post_create(author=user, thread=fresh, body=f"Reply {i} from {user.username}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    workers = [threading.Thread(target=work, args=(u,)) for u in writers]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert not errors, errors
    total = 1 + len(writers) * per_writer
    numbers = sorted(Post.objects.filter(thread=thread).values_list("number", flat=True))
    assert numbers == list(range(1, total + 1))
    thread.refresh_from_db()
    community = Community.objects.get(pk=community.pk)
    assert (thread.post_count, thread.reply_count) == (total, total - 1)
    assert (community.post_count, community.thread_count) == (total, 1)


def test_concurrent_double_submit_creates_one_post(community, make_member):
    owner = make_member(community)
    thread = services.thread_create(author=owner, community=community, title="Double submit", body="Go")
    user = make_member(community)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def work():
        try:
            barrier.wait()
            fresh = Thread.objects.select_related("community").get(pk=thread.pk)
            results.append(services.post_create(author=user, thread=fresh, body="Once", idempotency_key="same-token-1"))
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert not errors, errors
    assert results[0].pk == results[1].pk
    assert Post.objects.filter(thread=thread).count() == 2
