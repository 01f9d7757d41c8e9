"""Read queries of the reading comforts: Latest, suggested threads, bookmarks.

Every list starts from ``permissions.threads_visible_to`` / ``posts_visible_to``, so none can
show a thread or post its viewer may not read, and each page costs a fixed number of queries.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.models import MembershipStatus
from discussions.models import Bookmark, SubscriptionLevel, Thread, ThreadSubscription
from discussions.permissions import posts_visible_to, threads_visible_to
from discussions.selectors import NEW_WINDOW, with_unread_counts

LATEST_PER_PAGE = 30
LATEST_ON_HOME = 8
SUGGESTED_COUNT = 5
BOOKMARKS_PER_PAGE = 30
LATEST_SCOPES = ("all", "mine")


def thread_list_latest(*, viewer, scope="all", unread_only=False):
    """Threads of every community the viewer may read, most recent activity first.

    ``scope="mine"`` keeps the communities the viewer is an active member of; threads the
    viewer muted are left out; ``unread_only`` keeps threads with posts the viewer has not read.
    """
    qs = threads_visible_to(viewer, Thread.objects.filter(merged_into__isnull=True))
    if viewer.is_authenticated:
        if scope == "mine":
            qs = qs.filter(community__memberships__user=viewer, community__memberships__status=MembershipStatus.ACTIVE)
        muted = ThreadSubscription.objects.filter(user=viewer, level=SubscriptionLevel.MUTE).values("thread_id")
        qs = qs.exclude(pk__in=muted)
    qs = with_unread_counts(qs.select_related("community", "author", "last_poster"), viewer)
    if unread_only and viewer.is_authenticated:
        cutoff = timezone.now() - NEW_WINDOW
        qs = qs.filter(Q(my_last_read__isnull=True, last_post_at__gt=cutoff) | Q(unread_count__gt=0))
    return qs.order_by("-last_post_at", "-pk")


def thread_list_suggested(*, thread, viewer, limit=SUGGESTED_COUNT):
    """What to read next after ``thread``: unread threads of its community first, then threads
    sharing its tags (most shared tags first), all readable by the viewer, one query.

    ``thread.tags`` should be prefetched (the thread page's selector does).
    """
    from taggit.models import TaggedItem

    tag_ids = [tag.pk for tag in thread.tags.all()]
    qs = threads_visible_to(viewer, Thread.objects.filter(merged_into__isnull=True, is_hidden=False))
    qs = with_unread_counts(qs.exclude(pk=thread.pk), viewer)
    if tag_ids:
        shared = (
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Thread), object_id=OuterRef("pk"), tag_id__in=tag_ids
            )
            .order_by()
            .values("object_id")
            .annotate(c=Count("pk"))
            .values("c")
        )
        qs = qs.annotate(shared_tags=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)))
    else:
        qs = qs.annotate(shared_tags=Value(0, output_field=IntegerField()))
    same = Q(community_id=thread.community_id)
    if viewer.is_authenticated:
        cutoff = timezone.now() - NEW_WINDOW
        same &= Q(my_last_read__isnull=True, last_post_at__gt=cutoff) | Q(unread_count__gt=0)
    qs = qs.annotate(same_unread=Case(When(same, then=Value(1)), default=Value(0), output_field=IntegerField()))
    qs = qs.filter(Q(same_unread=1) | Q(shared_tags__gt=0)).select_related("community")
    return list(qs.order_by("-same_unread", "-shared_tags", "-last_post_at", "-pk")[:limit])


def bookmark_list_for_user(*, viewer):
    """The viewer's bookmarks of posts they may still read (a post hidden since, or a community
    left, drops out of the list without a trace)."""
    readable = posts_visible_to(viewer).filter(is_deleted=False, thread__merged_into__isnull=True)
    return (
        Bookmark.objects.filter(user=viewer, post__in=readable)
        .select_related("post__thread__community", "post__author")
        .order_by("-created_at", "-pk")
    )


def bookmark_get_for_post(*, viewer, post):
    if not viewer.is_authenticated:
        return None
    return Bookmark.objects.filter(user=viewer, post=post).first()
