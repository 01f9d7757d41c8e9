"""The counters discussions keeps, in one place: what counts, the deltas and the recounts.

A post *counts* when it is published, not hidden and not deleted (``COUNTED`` /
``is_counted``): replies in ``Thread.reply_count``, every post in ``Community.post_count``
and the member's ``Membership.approved_post_count``.  A thread counts in
``Community.thread_count`` while it is not hidden.  ``Thread.post_count`` is the highest
post number handed out (allocated by ``services.posts`` under the thread's row lock), not a
count of visible posts.

Two ways to keep them, both inside the writer's transaction:

- **deltas** (``post_published``, ``post_uncounted``, ``posts_removed``, ``threads_removed``):
  the hot paths, posting and deleting one's own post (and an account's removal), move the
  counters by ``F()`` expressions;
- **recounts** (``thread_recount``, ``community_recount``, and ``post_changed``,
  ``thread_changed``, ``thread_moved``, ``threads_merged`` built on them): moderation is rare
  next to posting, so after each moderator action the counters are counted again from the
  rows, exact even if they had drifted.

Lock order, the same for every writer so none deadlocks: post, then thread, then community
(several communities by id).  Why a recount and a concurrent delta never lose each other's
change: see ``community_recount``.
"""

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from communities import permissions as cp
from communities.models import Community, Membership
from discussions.models import Post, PostStatus, Thread

COUNTED = Q(status=PostStatus.PUBLISHED, is_hidden=False, is_deleted=False)


def is_counted(post) -> bool:
    """Does ``post`` (as loaded) count in its thread's and community's counters?"""
    return post.status == PostStatus.PUBLISHED and not post.is_hidden and not post.is_deleted


def counted_posts():
    return Post.objects.filter(COUNTED)


# --- Deltas (posting) ------------------------------------------------------------------------


def post_published(post, *, now) -> None:
    """``post`` just became visible (created published, or approved): +1 where it counts.

    The thread row is updated first (its lock is already held by the caller when replying),
    then the community row, then the author's membership.  ``now`` is the post's time when
    it is new; after an approval it is the approval's, so the thread rises when the post
    appears (a later recount takes the post's own time).
    """
    thread = post.thread
    is_reply = post.number > 1
    thread_updates = {"last_post_at": now, "last_poster_id": post.author_id}
    if is_reply:
        thread_updates["reply_count"] = F("reply_count") + 1
    Thread.objects.filter(pk=thread.pk).update(**thread_updates)
    community_updates = {"post_count": F("post_count") + 1, "last_activity_at": now}
    if not is_reply:
        community_updates["thread_count"] = F("thread_count") + 1
    Community.objects.filter(pk=thread.community_id).update(**community_updates)
    if post.author_id:
        Membership.objects.filter(user_id=post.author_id, community_id=thread.community_id).update(
            approved_post_count=F("approved_post_count") + 1
        )
        cp.forget_memberships(post.author)


def post_uncounted(post) -> None:
    """``post``, which counted, no longer does (its author deleted it; the row is already
    saved so): -1 where it counted, and when it was the thread's last post, the last post
    is the one before it (as a recount would find)."""
    with transaction.atomic():
        # Locked before reading the last post: a reply committing meanwhile cannot be overwritten.
        thread = Thread.objects.select_for_update().only("pk", "community_id").get(pk=post.thread_id)
        updates = {"reply_count": Greatest(F("reply_count") - 1, 0)} if post.number > 1 else {}
        visible = counted_posts().filter(thread_id=thread.pk)
        if not visible.filter(number__gt=post.number).exists():
            last = visible.order_by("-number").values("created_at", "author_id").first()
            if last:
                updates.update(last_post_at=last["created_at"], last_poster_id=last["author_id"])
        if updates:
            Thread.objects.filter(pk=thread.pk).update(**updates)
        Community.objects.filter(pk=thread.community_id, post_count__gt=0).update(post_count=F("post_count") - 1)


def posts_removed(posts) -> None:
    """The posts of queryset ``posts`` are about to stop counting all at once (an account's
    posts removed): move each thread's and community's counters by what they lose."""
    counted = posts.filter(COUNTED).order_by()
    for row in counted.filter(number__gt=1).values("thread_id").annotate(n=Count("pk")):
        Thread.objects.filter(pk=row["thread_id"]).update(reply_count=Greatest(F("reply_count") - row["n"], 0))
    for row in counted.values("thread__community_id").annotate(n=Count("pk")):
        Community.objects.filter(pk=row["thread__community_id"]).update(
            post_count=Greatest(F("post_count") - row["n"], 0)
        )


def threads_removed(threads) -> None:
    """The threads of queryset ``threads`` are about to be deleted: -1 thread where each counted."""
    for row in threads.filter(is_hidden=False).order_by().values("community_id").annotate(n=Count("pk", distinct=True)):
        Community.objects.filter(pk=row["community_id"]).update(thread_count=Greatest(F("thread_count") - row["n"], 0))


# --- Recounts (moderation) -------------------------------------------------------------------


def _count(qs, group):
    rows = qs.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def thread_recount(thread) -> Thread:
    """Count a thread's replies and find its last visible post again (the thread row locked).

    Returns the locked thread read again: its community is the current one even when a move
    committed after ``thread`` was loaded.
    """
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        visible = counted_posts().filter(thread=locked)
        last = visible.order_by("-number").values("created_at", "author_id").first()
        locked.reply_count = visible.filter(number__gt=1).count()
        if last:
            locked.last_post_at, locked.last_poster_id = last["created_at"], last["author_id"]
        locked.save(update_fields=["reply_count", "last_post_at", "last_poster"])
    return locked


def community_recount(community_id) -> None:
    """Count a community's counted posts and visible threads again.

    The community row is locked *before* the counting statement starts.  Every writer that
    changes what counts moves the counters under that same lock, in its own transaction
    (``post_published``'s ``F("post_count") + 1`` after inserting a reply, a recount after a
    hide), so: a writer that already holds the lock has committed before the count's
    snapshot is taken (the count sees its row); one that has not reached it yet applies its
    +1 to the recounted value (the count did not see its uncommitted row).  Counting in the
    UPDATE itself, without the lock first, used the snapshot from before the wait for a
    concurrent reply's lock and overwrote that reply's +1.
    """
    # FOR NO KEY UPDATE, the lock an UPDATE takes: rows that merely refer to the community
    # (a new notification, flag or audit entry) are not held up by it.
    with transaction.atomic():
        if not Community.objects.select_for_update(no_key=True).filter(pk=community_id).values_list("pk", flat=True):
            return
        posts = counted_posts().filter(thread__community_id=OuterRef("pk"))
        threads = Thread.objects.filter(community_id=OuterRef("pk"), is_hidden=False)
        Community.objects.filter(pk=community_id).update(
            post_count=_count(posts, "thread__community_id"), thread_count=_count(threads, "community_id")
        )


def communities_lock(*community_ids) -> None:
    """Lock several community rows in one order (by id), so two opposite moves never deadlock."""
    list(Community.objects.select_for_update(no_key=True).filter(pk__in=community_ids).order_by("pk").values_list("pk"))


def post_changed(post) -> None:
    """After a moderator hid, restored or deleted ``post``: recount its thread and community."""
    thread = thread_recount(post.thread)
    community_recount(thread.community_id)


def thread_changed(thread) -> None:
    """After hiding or restoring ``thread``: recount its community's threads and posts."""
    community_recount(thread.community_id)


def thread_moved(thread, from_community_id) -> None:
    """After ``thread`` (locked by the caller) moved out of ``from_community_id``: recount both
    communities, locked in id order; the destination has just seen activity."""
    communities_lock(from_community_id, thread.community_id)
    community_recount(from_community_id)
    community_recount(thread.community_id)
    Community.objects.filter(pk=thread.community_id).update(last_activity_at=timezone.now())


def threads_merged(source, target) -> None:
    """After every post of ``source`` moved into ``target`` (both locked by the caller) and
    ``source`` was hidden: ``source`` counts nothing, ``target`` is counted again (its highest
    number is its number of posts, renumbered from 1) and so are both communities."""
    Thread.objects.filter(pk=source.pk).update(post_count=0, reply_count=0)
    source.post_count, source.reply_count = 0, 0
    Thread.objects.filter(pk=target.pk).update(post_count=Post.objects.filter(thread=target).count())
    recounted = thread_recount(target)
    for field in ("post_count", "reply_count", "last_post_at", "last_poster_id"):
        setattr(target, field, getattr(recounted, field))
    communities_lock(source.community_id, target.community_id)
    community_recount(source.community_id)
    if target.community_id != source.community_id:
        community_recount(target.community_id)
