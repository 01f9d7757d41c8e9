"""Read queries of the reading comforts: Latest, suggested threads, bookmarks.

Every list starts from ``permissions.threads_visible_to`` / ``posts_visible_to``, so none can
show a thread or post its viewer may not read, and each page costs a fixed number of queries.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from communities.models import Community, MembershipStatus
from discussions.models import Bookmark, SubscriptionLevel, Thread, ThreadSubscription
from discussions.permissions import posts_visible_to, threads_visible_sql, threads_visible_to
from discussions.selectors import NEW_WINDOW, with_unread_counts
from hub.sqlrows import Columns

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


_LATEST_THREAD = Columns(Thread)
_LATEST_COMMUNITY = Columns(
    Community, ["id", "slug", "name", "visibility", "join_policy", "kind", "archived_at", "banner"]
)
_LATEST_POSTER = Columns(User, ["id", "username", "display_name"])


def thread_list_latest_top(*, viewer, limit=LATEST_ON_HOME):
    """The first ``limit`` threads of ``thread_list_latest(viewer=viewer)`` (the home page's
    Latest), in one written-out query: building the ORM one was about a fifth of the home page.

    Same rule and order as ``thread_list_latest``: ``threads_visible_sql`` (the twin of
    ``threads_visible_to``), never merged threads nor the viewer's muted ones, most recent
    activity first; ``my_last_read`` and ``unread_count`` as ``with_unread_counts`` (counted
    for the kept rows only).  Threads have their community (a few columns, one instance per
    community) and ``last_poster`` (its name) loaded.
    """
    from django.db import connection

    from discussions.models import Post, PostStatus, ReadState

    user_table = User._meta.db_table
    visible, params = threads_visible_sql(viewer, "t", "c")
    if viewer.is_authenticated:
        read_join = f"LEFT JOIN {ReadState._meta.db_table} rs ON rs.thread_id = t.id AND rs.user_id = %s"
        muted = (
            f" AND NOT EXISTS (SELECT 1 FROM {ThreadSubscription._meta.db_table} ms"  # noqa: S608
            " WHERE ms.thread_id = t.id AND ms.user_id = %s AND ms.level = %s)"
        )
        params = [viewer.pk, *params, viewer.pk, SubscriptionLevel.MUTE]
        last_read = "rs.last_read_number"
        unread = (
            f"CASE WHEN v.my_last_read IS NULL THEN 0 ELSE (SELECT COUNT(*) FROM {Post._meta.db_table} p"  # noqa: S608
            " WHERE p.thread_id = t.id AND p.number > v.my_last_read"
            " AND p.status = %s AND p.is_hidden = %s AND p.is_deleted = %s) END"
        )
        unread_params = [PostStatus.PUBLISHED, False, False]
    else:
        read_join, muted, last_read, unread, unread_params = "", "", "NULL", "0", []
    sql = (  # table names, placeholders and the permission fragments only
        f"SELECT {_LATEST_THREAD.sql('t')}, {_LATEST_COMMUNITY.sql('c')}, {_LATEST_POSTER.sql('u')},"  # noqa: S608
        f" v.my_last_read, {unread} FROM ("
        f" SELECT t.id, t.last_post_at, {last_read} AS my_last_read"
        f" FROM {Thread._meta.db_table} t JOIN {Community._meta.db_table} c ON c.id = t.community_id {read_join}"
        f" WHERE t.merged_into_id IS NULL AND {visible}{muted}"
        " ORDER BY t.last_post_at DESC, t.id DESC LIMIT %s"
        f" ) v JOIN {Thread._meta.db_table} t ON t.id = v.id JOIN {Community._meta.db_table} c ON c.id = t.community_id"
        f" LEFT JOIN {user_table} u ON u.id = t.last_poster_id"
        " ORDER BY v.last_post_at DESC, v.id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*unread_params, *params, int(limit)])
        rows = cursor.fetchall()
    communities, threads = {}, []
    at_community = _LATEST_THREAD.width
    at_poster = at_community + _LATEST_COMMUNITY.width
    at_read = at_poster + _LATEST_POSTER.width
    for row in rows:
        thread = _LATEST_THREAD.load(row, 0, connection)
        community = communities.get(thread.community_id)
        if community is None:
            community = communities[thread.community_id] = _LATEST_COMMUNITY.load(row, at_community, connection)
        thread.community = community
        thread.last_poster = _LATEST_POSTER.load(row, at_poster, connection)
        thread.my_last_read = row[at_read]
        thread.unread_count = int(row[at_read + 1] or 0)
        threads.append(thread)
    return threads


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
    # Posts past the viewer's last read one that count as unread (as ``with_unread_counts``);
    # ``{r}`` is the column holding the last read number.
    past = (
        f"FROM {tables['post']} p WHERE p.thread_id = {{t}}.id AND p.number > {{r}}"  # noqa: S608
        " AND p.status = %s AND p.is_hidden = %s AND p.is_deleted = %s"
    )
    past_params = [PostStatus.PUBLISHED, False, False]
    params = []
    if tag_ids:  # threads sharing a tag, counted once in a grouped join rather than per thread
        from taggit.models import TaggedItem

        shared_join = (
            f"LEFT JOIN (SELECT ti.object_id, COUNT(*) AS n FROM {TaggedItem._meta.db_table} ti"  # noqa: S608
            f" WHERE ti.content_type_id = %s AND ti.tag_id IN ({', '.join(['%s'] * len(tag_ids))})"
            " GROUP BY ti.object_id) st ON st.object_id = t.id"
        )
        params += [ContentType.objects.get_for_model(Thread).pk, *tag_ids]
        shared = "COALESCE(st.n, 0)"
    else:
        shared_join, shared = "", "0"
    if signed_in:
        # Unread in the thread's community: never opened and recent, or posts past the last
        # read one (an EXISTS on the (thread, number) index, evaluated only where a read
        # state exists; the count is taken for the few rows kept).
        read_join = f"LEFT JOIN {tables['readstate']} rs ON rs.thread_id = t.id AND rs.user_id = %s"
        params.append(viewer.pk)
        same = (
            "CASE WHEN t.community_id <> %s THEN 0 WHEN rs.last_read_number IS NULL"
            " THEN CASE WHEN t.last_post_at > %s THEN 1 ELSE 0 END"
            f" WHEN EXISTS (SELECT 1 {past.format(t='t', r='rs.last_read_number')}) THEN 1 ELSE 0 END"
        )
        cutoff = connection.ops.adapt_datetimefield_value(timezone.now() - NEW_WINDOW)
        same_params = [thread.community_id, cutoff, *past_params]
        last_read = "rs.last_read_number"
        unread = (
            f"CASE WHEN v.my_last_read IS NULL THEN 0 ELSE (SELECT COUNT(*) {past.format(t='v', r='v.my_last_read')})"
            " END"
        )
        unread_params = past_params
    else:
        read_join, same, same_params, last_read = (
            "",
            "CASE WHEN t.community_id = %s THEN 1 ELSE 0 END",
            [thread.community_id],
            "NULL",
        )
        unread, unread_params = "0", []
    visible, visible_params = "", []
    if tag_ids:  # threads of other communities: only those the viewer may read
        sub_sql, sub_params = cp.communities_visible_to(viewer).values("pk").query.sql_with_params()
        visible = f"AND t.community_id IN ({sub_sql})"
        visible_params = list(sub_params)
    sql = (  # table names, placeholders and the fragments above only
        f"SELECT v.id, v.title, v.slug, v.reply_count, v.community_id, v.community_name, v.community_slug,"  # noqa: S608
        f" {unread} AS unread_count, v.same_unread FROM ("
        " SELECT * FROM ("
        " SELECT t.id, t.title, t.slug, t.reply_count, t.community_id, t.last_post_at,"
        f" c.name AS community_name, c.slug AS community_slug, {last_read} AS my_last_read,"
        f" {same} AS same_unread, {shared} AS shared_tags"
        f" FROM {tables['thread']} t JOIN {tables['community']} c ON c.id = t.community_id {shared_join} {read_join}"
        " WHERE t.merged_into_id IS NULL AND t.is_hidden = %s AND t.id <> %s"
        f" AND (t.community_id = %s OR {shared} > 0) {visible}"
        " ) s WHERE s.same_unread = 1 OR s.shared_tags > 0"
        " ORDER BY s.same_unread DESC, s.shared_tags DESC, s.last_post_at DESC, s.id DESC LIMIT %s"
        " ) v ORDER BY v.same_unread DESC, v.shared_tags DESC, v.last_post_at DESC, v.id DESC"
    )
    params = [
        *unread_params,
        *same_params,
        *params,
        False,
        thread.pk,
        thread.community_id,
        *visible_params,
        int(limit),
    ]
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
