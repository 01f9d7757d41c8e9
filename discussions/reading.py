"""Read queries of the reading comforts: Latest, suggested threads, bookmarks.

Every list starts from ``permissions.threads_visible_to`` / ``posts_visible_to``, so none can
show a thread or post its viewer may not read, and each page costs a fixed number of queries.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
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

    ``thread.tags`` should be prefetched (the thread page's selector does).  The query is
    written out (``_suggested_sql``) rather than built by the ORM: building it was a quarter
    of a signed-in thread page's time.  Readable means: in the thread's community (which the
    caller may read) or, for the threads sharing a tag, in a community of
    ``communities_visible_to``; never hidden or merged; unread as ``with_unread_counts``.
    """
    from django.db import connection

    from communities import permissions as cp
    from communities.models import Community
    from discussions.models import Post, PostStatus, ReadState

    if not cp.can_view_community(viewer, thread.community):
        return []
    tag_ids = sorted(tag.pk for tag in thread.tags.all())
    signed_in = viewer.is_authenticated
    tables = {
        "thread": Thread._meta.db_table,
        "community": Community._meta.db_table,
        "readstate": ReadState._meta.db_table,
        "post": Post._meta.db_table,
    }
    params = []
    if tag_ids:
        from taggit.models import TaggedItem

        shared = (  # table names and placeholders only; values are parameters
            f"(SELECT COUNT(*) FROM {TaggedItem._meta.db_table} ti WHERE ti.content_type_id = %s"  # noqa: S608
            f" AND ti.object_id = t.id AND ti.tag_id IN ({', '.join(['%s'] * len(tag_ids))}))"
        )
        shared_params = [ContentType.objects.get_for_model(Thread).pk, *tag_ids]
    else:
        shared, shared_params = "0", []
    if signed_in:
        columns = (
            f"rs.last_read_number AS my_last_read, (SELECT COUNT(*) FROM {tables['post']} p WHERE p.thread_id = t.id"  # noqa: S608
            " AND p.status = %s AND p.is_hidden = %s AND p.is_deleted = %s AND p.number > rs.last_read_number)"
            " AS unread_count"
        )
        params += [PostStatus.PUBLISHED, False, False]
        join = f"LEFT JOIN {tables['readstate']} rs ON rs.thread_id = t.id AND rs.user_id = %s"
    else:
        columns, join = "NULL AS my_last_read, 0 AS unread_count", ""
    params += shared_params
    if signed_in:
        params.append(viewer.pk)
    params += [False, thread.pk, thread.community_id, *shared_params]
    visible = ""
    if tag_ids:  # threads of other communities: only those the viewer may read
        sub_sql, sub_params = cp.communities_visible_to(viewer).values("pk").query.sql_with_params()
        visible = f"AND t.community_id IN ({sub_sql})"
        params += list(sub_params)
    if signed_in:
        same = "s.community_id = %s AND ((s.my_last_read IS NULL AND s.last_post_at > %s) OR s.unread_count > 0)"
        cutoff = connection.ops.adapt_datetimefield_value(timezone.now() - NEW_WINDOW)
        params = [thread.community_id, cutoff, *params]
    else:
        same = "s.community_id = %s"
        params = [thread.community_id, *params]
    sql = (  # table names, placeholders and the fragments above only
        "SELECT u.id, u.title, u.slug, u.reply_count, u.community_id, u.community_name, u.community_slug,"  # noqa: S608
        " u.unread_count, u.same_unread FROM ("
        f" SELECT s.*, CASE WHEN {same} THEN 1 ELSE 0 END AS same_unread FROM ("
        " SELECT t.id, t.title, t.slug, t.reply_count, t.community_id, t.last_post_at,"
        f" c.name AS community_name, c.slug AS community_slug, {columns}, {shared} AS shared_tags"
        f" FROM {tables['thread']} t JOIN {tables['community']} c ON c.id = t.community_id {join}"
        f" WHERE t.merged_into_id IS NULL AND t.is_hidden = %s AND t.id <> %s"
        f" AND (t.community_id = %s OR {shared} > 0) {visible}"
        " ) s ) u WHERE u.same_unread = 1 OR u.shared_tags > 0"
        " ORDER BY u.same_unread DESC, u.shared_tags DESC, u.last_post_at DESC, u.id DESC LIMIT %s"
    )
    params.append(int(limit))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    communities = {thread.community_id: thread.community}
    db = connection.alias
    suggested = []
    for pk, title, slug, replies, community_id, community_name, community_slug, unread, same_unread in rows:
        item = _partial(Thread, db, id=pk, title=title, slug=slug, reply_count=replies, community_id=community_id)
        community = communities.get(community_id)
        if community is None:
            community = communities[community_id] = _partial(
                Community, db, id=community_id, name=community_name, slug=community_slug
            )
        item.community = community
        item.unread_count = int(unread or 0)
        item.same_unread = int(same_unread)
        suggested.append(item)
    return suggested


def _partial(model, db, **values):
    """A ``model`` instance loaded with only ``values`` (the other fields deferred)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


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
