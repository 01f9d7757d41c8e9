"""Counters stay equal to COUNT(*) while replies, hides, restores and moves run at once.

Each worker is a thread with its own PostgreSQL connection; afterwards every community's
``post_count`` / ``thread_count`` and every thread's ``post_count`` / ``reply_count`` are
compared with a count of the rows.
"""

import contextlib
import random
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from communities.models import Community, Role
from communities.tests.factories import CommunityFactory
from discussions import services as ds
from discussions.models import Post, PostStatus, Thread
from discussions.services import PostingError
from moderation import services as ms
from moderation.tests.factories import add_member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"),
]

ROUNDS = 12
# Refusals a busy forum legitimately gives (hidden thread, post already restored...).
EXPECTED_REFUSALS = (PostingError, ValidationError, PermissionDenied, Post.DoesNotExist, Thread.DoesNotExist)


def _counted():
    return Post.objects.filter(status=PostStatus.PUBLISHED, is_hidden=False, is_deleted=False)


def _assert_counters_match_rows():
    for community in Community.objects.all():
        posts = _counted().filter(thread__community=community).count()
        threads = Thread.objects.filter(community=community, is_hidden=False).count()
        assert (community.post_count, community.thread_count) == (posts, threads), community.slug
    for thread in Thread.objects.filter(merged_into__isnull=True):
        assert thread.post_count == Post.objects.filter(thread=thread).count(), thread.pk
        assert thread.reply_count == _counted().filter(thread=thread, number__gt=1).count(), thread.pk


def test_counters_equal_row_counts_after_concurrent_replies_hides_restores_and_moves(monkeypatch, settings):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "10000/m")
    settings.NEW_MEMBER_LIMITS = {"days": 0, "accepted_posts": 0}  # established members, the load is the point
    a, b = CommunityFactory(slug="sahel"), CommunityFactory(slug="mekong")
    moderator = add_member(a, role=Role.MODERATOR)
    add_member(b, user=moderator, role=Role.MODERATOR)
    writers = []
    for _ in range(3):
        writer = add_member(a)
        add_member(b, user=writer)
        writers.append(writer)
    threads = [
        ds.thread_create(author=writers[n % 3], community=a if n < 4 else b, title=f"Flood season log {n}", body="Go")
        for n in range(6)
    ]
    for thread in threads:
        for writer in writers:
            ds.post_create(author=writer, thread=thread, body=f"Early reply from {writer.username}")
    thread_ids = [t.pk for t in threads]
    seed = random.SystemRandom().randrange(1_000_000)
    barrier = threading.Barrier(len(writers) + 4)
    errors = []

    def run(work, rng):
        try:
            barrier.wait(timeout=30)
            for _ in range(ROUNDS):
                with contextlib.suppress(EXPECTED_REFUSALS):
                    work(rng)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    def reply(writer):
        def work(rng):
            thread = Thread.objects.select_related("community").get(pk=rng.choice(thread_ids))
            ds.post_create(author=writer, thread=thread, body=f"Reply from {writer.username}")

        return work

    def a_reply(rng, **filters):
        post = Post.objects.filter(thread_id__in=thread_ids, number__gt=1, **filters).order_by("?").first()
        if post is None:
            raise Post.DoesNotExist
        return post

    def hide(rng):
        if rng.random() < 0.2:
            ms.thread_hide(actor=moderator, thread=Thread.objects.get(pk=rng.choice(thread_ids)), reason="Off topic")
        else:
            ms.post_hide(actor=moderator, post=a_reply(rng, is_hidden=False), reason="Spam")

    def restore(rng):
        if rng.random() < 0.2:
            hidden = Thread.objects.filter(pk__in=thread_ids, is_hidden=True).first()
            if hidden is not None:
                ms.thread_restore(actor=moderator, thread=hidden)
        else:
            ms.post_restore(actor=moderator, post=a_reply(rng, is_hidden=True))

    def move(rng):
        thread = Thread.objects.select_related("community").get(pk=rng.choice(thread_ids))
        ms.thread_move(actor=moderator, thread=thread, to_community=b if thread.community_id == a.pk else a)

    def delete(rng):
        # Authors delete their own replies too (a decrement outside moderation).
        post = a_reply(rng, is_deleted=False, is_hidden=False)
        ds.post_delete(actor=post.author, post=post)

    jobs = [reply(w) for w in writers] + [hide, restore, move, delete]
    workers = [threading.Thread(target=run, args=(job, random.Random(seed + n))) for n, job in enumerate(jobs)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert not errors, (seed, errors)
    assert Post.objects.filter(is_hidden=True).exists() and Post.objects.count() > 24 + 3 * ROUNDS // 2
    _assert_counters_match_rows()
