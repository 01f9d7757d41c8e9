"""Moderation moves counters only through discussions.counters: after any mix of posting,
hiding, restoring, auto-hiding, moving, merging and deleting, the stored counters are what a
recount from the rows gives."""

import pytest

from communities.models import Community
from discussions import counters
from discussions import services as ds
from discussions.models import Post, PostStatus, Thread
from moderation import services as ms
from moderation.models import FlagReason
from moderation.tests.factories import add_member

pytestmark = pytest.mark.django_db


def snapshot():
    threads = {
        t.pk: (t.post_count, t.reply_count, t.last_post_at, t.last_poster_id)
        for t in Thread.objects.filter(merged_into__isnull=True)
    }
    communities = {c.pk: (c.post_count, c.thread_count) for c in Community.objects.all()}
    return threads, communities


def rows():
    counted = Post.objects.filter(status=PostStatus.PUBLISHED, is_hidden=False, is_deleted=False)
    communities = {
        c.pk: (
            counted.filter(thread__community=c).count(),
            Thread.objects.filter(community=c, is_hidden=False).count(),
        )
        for c in Community.objects.all()
    }
    replies = {
        t.pk: counted.filter(thread=t, number__gt=1).count() for t in Thread.objects.filter(merged_into__isnull=True)
    }
    return communities, replies


def assert_exact():
    """The stored counters equal the row counts, and a recount changes nothing."""
    threads, communities = snapshot()
    want_communities, want_replies = rows()
    assert communities == want_communities
    assert {pk: v[1] for pk, v in threads.items()} == want_replies
    for pk in threads:
        assert threads[pk][0] == Post.objects.filter(thread_id=pk).count()
    for thread in Thread.objects.filter(merged_into__isnull=True):
        counters.thread_recount(thread)
    for community in Community.objects.all():
        counters.community_recount(community.pk)
    assert snapshot() == (threads, communities)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_counters_stay_exact_through_a_mix_of_every_write(world, settings, monkeypatch):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "10000/m")
    settings.NEW_MEMBER_LIMITS = {"days": 0, "accepted_posts": 0}
    a, b = world.a, world.b
    ms_b = world.mod_b
    add_member(b, user=world.mod_a, role="moderator")
    writer = world.members[1]
    add_member(b, user=writer)
    assert_exact()

    second = ds.thread_create(author=writer, community=a, title="Silt traps on the Blue Nile", body="Opening")
    replies = [ds.post_create(author=m, thread=second, body=f"Reply {n}") for n, m in enumerate(world.members)]
    elsewhere = ds.thread_create(author=ms_b, community=b, title="Glacier melt gauges", body="Opening")
    ds.post_create(author=writer, thread=elsewhere, body="Our gauges froze")
    assert_exact()

    ms.post_hide(actor=world.mod_a, post=fresh(replies[0]), reason="Off topic")
    assert_exact()
    ms.post_restore(actor=world.mod_a, post=fresh(replies[0]))
    assert_exact()
    ms.thread_hide(actor=world.mod_a, thread=fresh(second), reason="Duplicate")
    assert_exact()
    ms.thread_restore(actor=world.mod_a, thread=fresh(second))
    assert_exact()

    type(a).objects.filter(pk=a.pk).update(flags_to_hide=1)
    ms.flag_create(reporter=world.members[2], item=fresh(replies[1]), reason=FlagReason.SPAM)
    assert fresh(replies[1]).is_hidden
    assert_exact()
    ms.flags_dismiss(actor=world.mod_a, item=fresh(replies[1]))
    assert_exact()

    ds.post_delete(actor=replies[2].author, post=fresh(replies[2]))
    ms.post_delete_moderated(actor=world.mod_a, post=fresh(world.reply), reason="Spam link")
    assert_exact()

    ms.thread_move(
        actor=world.mod_a, thread=Thread.objects.select_related("community").get(pk=second.pk), to_community=b
    )
    assert fresh(second).community_id == b.pk
    assert_exact()

    # A hidden post travels with a merge and stays uncounted; the source counts nothing any more.
    ms.post_hide(actor=world.mod_a, post=fresh(replies[0]), reason="Off topic")
    target = ms.thread_merge(actor=world.mod_a, source=fresh(second), target=fresh(world.thread))
    assert target.pk == world.thread.pk and fresh(second).merged_into_id == world.thread.pk
    assert_exact()
    merged = fresh(world.thread)
    assert merged.post_count == merged.posts.count() == 3 + 1 + len(replies)
    assert (fresh(second).post_count, fresh(second).reply_count) == (0, 0)

    ds.post_create(author=writer, thread=fresh(world.thread), body="After the merge")
    assert_exact()
