"""Denormalised counters kept in step with moderation (as discussions counts them).

A post counts when it is published, not hidden and not deleted: replies in
``thread.reply_count``, every post in ``community.post_count``.  A thread counts in
``community.thread_count`` while it is not hidden.  Moderation is rare next to posting,
so after each change the counters are recounted from the rows (exact even if they had
drifted) rather than moved by one.
"""

from django.db import transaction
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
    """Recount a community's published posts and visible threads.

    The community row is locked *before* the counting statement starts.  Every writer that
    changes what counts moves the counters under that same lock, in its own transaction
    (``F("post_count") + 1`` after inserting a reply, a recount after a hide), so:
    a writer that already holds the lock has committed before the count's snapshot is
    taken (the count sees its row); one that has not reached it yet applies its +1 to the
    recounted value (the count did not see its uncommitted row).  Counting in the UPDATE
    itself, without the lock first, used the snapshot from before the wait for a
    concurrent reply's lock and overwrote that reply's +1.
    """
    # FOR NO KEY UPDATE, the lock an UPDATE takes: rows that merely refer to the community
    # (a new notification, flag or audit entry) are not held up by it.
    with transaction.atomic():
        if not Community.objects.select_for_update(no_key=True).filter(pk=community_id).values_list("pk", flat=True):
            return
        posts = Post.objects.filter(
            thread__community_id=OuterRef("pk"), status=PostStatus.PUBLISHED, is_hidden=False, is_deleted=False
        )
        threads = Thread.objects.filter(community_id=OuterRef("pk"), is_hidden=False)
        Community.objects.filter(pk=community_id).update(
            post_count=_count(posts, "thread__community_id"), thread_count=_count(threads, "community_id")
        )


def communities_lock(*community_ids) -> None:
    """Lock several community rows in one order (by id), so two opposite moves never deadlock."""
    list(Community.objects.select_for_update(no_key=True).filter(pk__in=community_ids).order_by("pk").values_list("pk"))


def post_counters_follow(post, was_counted: bool) -> None:
    """After changing ``post``: recount its thread (replies, last post) and its community.

    ``was_counted`` is kept for the callers; the recount does not need it.
    """
    # The thread is locked and read again: its community is the current one even when a
    # move committed after ``post`` was loaded.
    thread = thread_refresh_counters(thread=post.thread)
    community_refresh_counters(thread.community_id)


def thread_counters_follow(thread, was_visible: bool) -> None:
    """After hiding or restoring ``thread``, recount its community's threads and posts."""
    community_refresh_counters(thread.community_id)
