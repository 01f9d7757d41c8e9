"""Denormalised counters kept in step with moderation (as discussions counts them).

A post counts when it is published, not hidden and not deleted: replies in
``thread.reply_count``, every post in ``community.post_count``.  A thread counts in
``community.thread_count`` while it is not hidden.
"""

from django.db.models import F
from django.db.models.functions import Greatest

from communities.models import Community
from discussions.models import PostStatus, Thread


def post_is_counted(post) -> bool:
    return post.status == PostStatus.PUBLISHED and not post.is_hidden and not post.is_deleted


def post_counters_follow(post, was_counted: bool) -> None:
    """After changing ``post``, move the counters by one if it entered or left the count."""
    now_counted = post_is_counted(post)
    if was_counted == now_counted:
        return
    delta = 1 if now_counted else -1
    # Greatest(): a drifted counter must never make the write fail (unsigned columns).
    if post.number > 1:
        Thread.objects.filter(pk=post.thread_id).update(reply_count=Greatest(F("reply_count") + delta, 0))
    Community.objects.filter(pk=post.thread.community_id).update(post_count=Greatest(F("post_count") + delta, 0))


def thread_counters_follow(thread, was_visible: bool) -> None:
    """After hiding or restoring ``thread``, keep the community's thread count right."""
    now_visible = not thread.is_hidden
    if was_visible == now_visible:
        return
    delta = 1 if now_visible else -1
    Community.objects.filter(pk=thread.community_id).update(thread_count=Greatest(F("thread_count") + delta, 0))
