"""discussions.counters: one rule of what counts, deltas on posting, recounts after moderation."""

import pytest

from communities.models import Community, Membership
from discussions import counters, services
from discussions.models import Post, PostStatus, Thread
from discussions.tests.factories import PostFactory, make_thread

pytestmark = pytest.mark.django_db


def stored(thread):
    thread = Thread.objects.get(pk=thread.pk)
    community = Community.objects.get(pk=thread.community_id)
    return {
        "reply_count": thread.reply_count,
        "last_poster": thread.last_poster_id,
        "posts": community.post_count,
        "threads": community.thread_count,
    }


def recounted(thread):
    counters.thread_recount(thread)
    counters.community_recount(Thread.objects.get(pk=thread.pk).community_id)
    return stored(thread)


@pytest.mark.parametrize(
    ("fields", "counted"),
    [
        ({}, True),
        ({"is_hidden": True}, False),
        ({"is_deleted": True}, False),
        ({"status": PostStatus.PENDING}, False),
        ({"status": PostStatus.REJECTED}, False),
    ],
)
def test_is_counted_and_the_counted_queryset_are_one_rule(community, member, fields, counted):
    thread = make_thread(community, member)
    post = PostFactory(thread=thread, **fields)
    assert counters.is_counted(post) is counted
    assert counters.counted_posts().filter(pk=post.pk).exists() is counted


def test_posting_and_deleting_move_the_counters_as_a_recount_would(community, member, make_member):
    other = make_member(community)
    thread = services.thread_create(author=member, community=community, title="Borehole siting", body="Where?")
    replies = [services.post_create(author=other, thread=thread, body=f"Reply {n}") for n in range(3)]
    after_posting = stored(thread)
    assert after_posting == {"reply_count": 3, "last_poster": other.pk, "posts": 4, "threads": 1}
    assert Membership.objects.get(user=other, community=community).approved_post_count == 3
    services.post_delete(actor=other, post=replies[1])
    assert stored(thread) == {**after_posting, "reply_count": 2, "posts": 3}
    assert recounted(thread) == {**after_posting, "reply_count": 2, "posts": 3}


def test_a_delete_of_a_post_that_did_not_count_moves_nothing(community, member, moderator):
    thread = services.thread_create(author=member, community=community, title="Borehole siting", body="Where?")
    hidden = PostFactory(thread=thread, author=member, is_hidden=True)
    before = stored(thread)
    services.post_delete(actor=member, post=hidden)
    assert stored(thread) == before == recounted(thread)


def test_recounts_repair_counters_that_drifted(community, member):
    thread = make_thread(community, member, replies=2)
    PostFactory(thread=thread, author=member, is_deleted=True)
    Thread.objects.filter(pk=thread.pk).update(reply_count=40, last_poster=None)
    Community.objects.filter(pk=community.pk).update(post_count=0, thread_count=7)
    assert recounted(thread) == {"reply_count": 2, "last_poster": member.pk, "posts": 3, "threads": 1}


def test_post_published_counts_an_opening_post_as_a_thread(community, member):
    thread = make_thread(community, member, is_hidden=True)  # as if it awaited approval
    Post.objects.filter(thread=thread).update(status=PostStatus.PENDING)
    assert recounted(thread)["threads"] == 0 and stored(thread)["posts"] == 0
    Thread.objects.filter(pk=thread.pk).update(is_hidden=False)
    Post.objects.filter(thread=thread).update(status=PostStatus.PUBLISHED)
    post = Post.objects.select_related("thread").get(thread=thread)
    counters.post_published(post, now=post.created_at)
    assert stored(thread) == recounted(thread) == {"reply_count": 0, "last_poster": member.pk, "posts": 1, "threads": 1}


def test_deleting_the_last_post_makes_the_one_before_it_the_last(community, member, make_member):
    other = make_member(community)
    thread = services.thread_create(author=member, community=community, title="Borehole siting", body="Where?")
    services.post_create(author=other, thread=thread, body="Here")
    last = services.post_create(author=member, thread=thread, body="And there")
    services.post_delete(actor=member, post=last)
    assert stored(thread)["last_poster"] == other.pk
    assert Thread.objects.get(pk=thread.pk).last_post_at == Post.objects.get(thread=thread, number=2).created_at
    assert stored(thread) == recounted(thread)


def test_posts_removed_and_threads_removed_take_away_what_counted(community, member, make_member):
    other = make_member(community)
    make_thread(community, member, replies=2)
    theirs = make_thread(community, other, replies=1, reply_author=member)
    make_thread(community, member, is_hidden=True)  # hidden: never counted as a thread
    PostFactory(thread=theirs, author=member, is_hidden=True)  # never counted as a post
    gone_threads = Thread.objects.filter(author=member)
    counters.posts_removed(Post.objects.filter(author=member))
    counters.threads_removed(gone_threads)
    Post.objects.filter(author=member).update(is_deleted=True)
    gone_threads.delete()
    after = stored(theirs)
    assert (after["reply_count"], after["posts"], after["threads"]) == (0, 1, 1)
    assert after | {"last_poster": other.pk} == recounted(theirs)
