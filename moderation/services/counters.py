"""Denormalised counters kept in step with moderation (as discussions counts them).

A post counts when it is published, not hidden and not deleted: replies in
``thread.reply_count``, every post in ``community.post_count``.  A thread counts in
``community.thread_count`` while it is not hidden.  Moderation is rare next to posting,
so after each change the counters are recounted from the rows (exact even if they had
drifted) rather than moved by one.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from communities.models import Community
from discussions.models import Post, PostStatus, Thread
from discussions.services import thread_refresh_counters


def post_is_counted(post) -> bool:
    return post.status == PostStatus.PUBLISHED and not post.is_hidden and not post.is_deleted


def _count(qs, group):
    rows = qs.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def community_refresh_counters(community_id) -> None:
    """Recount a community's published posts and visible threads (one UPDATE)."""
    posts = Post.objects.filter(
        thread__community_id=OuterRef("pk"), status=PostStatus.PUBLISHED, is_hidden=False, is_deleted=False
    )
    threads = Thread.objects.filter(community_id=OuterRef("pk"), is_hidden=False)
    Community.objects.filter(pk=community_id).update(
        post_count=_count(posts, "thread__community_id"), thread_count=_count(threads, "community_id")
    )


def post_counters_follow(post, was_counted: bool) -> None:
    """After changing ``post``: recount its thread (replies, last post) and its community.

    ``was_counted`` is kept for the callers; the recount does not need it.
    """
    thread_refresh_counters(thread=post.thread)
    community_refresh_counters(post.thread.community_id)


def thread_counters_follow(thread, was_visible: bool) -> None:
    """After hiding or restoring ``thread``, recount its community's threads and posts."""
    community_refresh_counters(thread.community_id)
