"""Read queries for discussion pages, each with a fixed number of SQL queries."""

import hashlib
import json
from datetime import UTC, timedelta

from django.db.models import BooleanField, Count, F, IntegerField, JSONField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, JSONObject
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.permissions import profiles_visible_to
from communities import permissions as cp
from communities.models import Membership, MembershipStatus
from discussions.models import (
    POSTS_PER_PAGE,
    Attachment,
    Bookmark,
    Draft,
    Post,
    PostStatus,
    Reaction,
    ReactionKind,
    ReadState,
    Thread,
    ThreadKind,
    ThreadSubscription,
)
from discussions.permissions import can_view_thread
from hub import pagecache

THREADS_PER_PAGE = 25
NEW_WINDOW = timedelta(days=14)
THREAD_FILTERS = ("unanswered", "mine", "open-questions", "solved-questions")


MEMBERSHIP_FIELDS = ("id", "role", "status", "suspended_until", "approved_post_count", "notification_level")


def membership_annotations(viewer, community_ref="pk"):
    """The viewer's membership columns as one subquery (a JSON object), so the page saves the
    membership query; one subquery rather than one per column keeps the query cheap to build."""

    if not viewer.is_authenticated:
        return {}
    rows = Membership.objects.filter(user=viewer, community=OuterRef(community_ref))
    row = JSONObject(**{name: name for name in MEMBERSHIP_FIELDS})
    return {"my_membership_row": Subquery(rows.values(row=row)[:1], output_field=JSONField())}


def _json_datetime(value):
    if not value:
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else value
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def _membership_row(values):
    """The ``MEMBERSHIP_FIELDS`` columns of a LEFT JOINed membership as ``prime_membership``
    reads them (None when there is no row)."""
    row = dict(zip(MEMBERSHIP_FIELDS, values, strict=True))
    return row if row["id"] is not None else None


def prime_membership(viewer, row, community):
    """Put the annotated membership into communities.permissions' per-request cache."""

    if not viewer.is_authenticated or not hasattr(row, "my_membership_row"):
        return
    cache = getattr(viewer, cp.MEMBERSHIP_CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(viewer, cp.MEMBERSHIP_CACHE_ATTR, cache)
    data = row.my_membership_row
    if isinstance(data, str):  # a backend that hands the JSON back as text
        data = json.loads(data)
    if not data:
        cache[community.pk] = None
        return
    fields = {name: data.get(name) for name in MEMBERSHIP_FIELDS}
    fields["suspended_until"] = _json_datetime(fields["suspended_until"])
    membership = Membership(user=viewer, community=community, **fields)
    membership._state.adding = False
    cache[community.pk] = membership


def _visible_threads_q(viewer, community):
    if cp.can_moderate_community(viewer, community):
        return Q()
    if viewer.is_authenticated:
        return Q(is_hidden=False) | Q(author=viewer)
    return Q(is_hidden=False)


def _visible_posts_q(viewer, community, prefix=""):
    """Posts a reader sees: published and not hidden; authors see their own; moderators everything."""
    if cp.can_moderate_community(viewer, community):
        return Q()
    visible = Q(**{f"{prefix}status": PostStatus.PUBLISHED, f"{prefix}is_hidden": False})
    if viewer.is_authenticated:
        return visible | Q(**{f"{prefix}author": viewer})
    return visible


def thread_list_for_community(*, community, viewer, tag="", filter="", page=1):
    """Pinned first, then last activity; with the viewer's unread counts. Returns (queryset, filters).

    Threads merged into another are gone for everyone, moderators included (their links redirect).
    """
    qs = (
        Thread.objects.filter(community=community, merged_into__isnull=True)
        .filter(_visible_threads_q(viewer, community))
        .select_related("author", "last_poster")
    )
    tag = (tag or "").strip().lower()[:50]
    if tag:
        qs = qs.filter(tags__name=tag)
    if filter == "unanswered":
        qs = qs.filter(reply_count=0)
    elif filter == "mine" and viewer.is_authenticated:
        qs = qs.filter(Q(author=viewer) | Q(pk__in=Post.objects.filter(author=viewer).values("thread_id")))
    elif filter == "open-questions":
        qs = qs.filter(kind=ThreadKind.QUESTION, accepted_answer__isnull=True)
    elif filter == "solved-questions":
        qs = qs.filter(kind=ThreadKind.QUESTION, accepted_answer__isnull=False)
    return with_unread_counts(qs, viewer).order_by("-is_pinned", "-last_post_at", "-pk")


def with_unread_counts(qs, viewer):
    """Annotate ``my_last_read`` and ``unread_count`` (visible posts past it) for a signed-in viewer."""
    if not viewer.is_authenticated:
        return qs
    last_read = ReadState.objects.filter(thread=OuterRef("pk"), user=viewer).values("last_read_number")[:1]
    unread = (
        Post.objects.filter(
            thread=OuterRef("pk"),
            status=PostStatus.PUBLISHED,
            is_hidden=False,
            is_deleted=False,
            number__gt=OuterRef("my_last_read"),
        )
        .order_by()
        .values("thread")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return qs.annotate(my_last_read=Subquery(last_read, output_field=IntegerField())).annotate(
        unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    )


def attach_tag_names(threads):
    """Set ``tag_names`` (sorted) on each listed thread, in one query.

    Cheaper than ``prefetch_related("tags")``, which builds a taggit manager per thread: on
    a page of 25 threads that was a sixth of the thread list's time.
    """
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    threads = list(threads)
    names = {thread.pk: [] for thread in threads}
    if names:
        rows = (
            TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Thread), object_id__in=names)
            .order_by("tag__name")
            .values_list("object_id", "tag__name")
        )
        for thread_id, name in rows:
            names[thread_id].append(name)
    for thread in threads:
        thread.tag_names = names[thread.pk]
    return threads


class SharedList:
    """A queryset as a ``Paginator``'s object list whose count and pages are shared data
    (``hub.pagecache.shared_value``) under ``prefix``, fresh while ``scopes`` hold."""

    def __init__(self, qs, *, prefix, scopes):
        self.qs, self.prefix, self.scopes = qs, prefix, scopes
        self._count = None

    def count(self):
        if self._count is None:
            self._count = pagecache.shared_value(f"{self.prefix}:count", self.scopes, self.qs.count)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self.qs[item]
        return pagecache.shared_value(
            f"{self.prefix}:{item.start}:{item.stop}", self.scopes, lambda: list(self.qs[item])
        )


class SharedThreads(SharedList):
    """A community's thread list as every plain reader sees it (no hidden thread), as a
    ``Paginator``'s object list: the count and each page's threads (with author and last
    poster) built once and shared while the community's generation holds."""

    def __init__(self, community, *, tag="", filter=""):
        from django.contrib.auth.models import AnonymousUser

        variant = hashlib.blake2b(repr((tag, filter)).encode(), digest_size=8).hexdigest()
        super().__init__(
            thread_list_for_community(community=community, viewer=AnonymousUser(), tag=tag, filter=filter),
            prefix=f"data:threads:{community.pk}:{variant}",
            scopes=[pagecache.community_scope(community.slug)],
        )


def thread_list_source(*, community, viewer, tag="", filter=""):
    """What a community's thread list paginates for ``viewer``: the shared list when they see
    exactly what every plain reader sees (no moderation rights here, no hidden thread of
    their own: ``my_unlisted_threads`` from ``community_for_discussions``, not "My threads"),
    else their own ``thread_list_for_community`` queryset with their unread counts."""
    plain = (
        filter != "mine"
        and not cp.can_moderate_community(viewer, community)
        and (not viewer.is_authenticated or getattr(community, "my_unlisted_threads", None) is False)
    )
    if plain:
        return SharedThreads(community, tag=tag, filter=filter)
    return thread_list_for_community(community=community, viewer=viewer, tag=tag, filter=filter)


def attach_unread(threads, viewer):
    """Set ``my_last_read`` and ``unread_count`` (visible posts past it) on listed threads, as
    ``with_unread_counts`` does, in one written-out query over the viewer's read states of
    those threads (none for anonymous, or when the list came annotated)."""
    if not threads or hasattr(threads[0], "unread_count"):
        return threads
    found = {}
    if viewer.is_authenticated:
        from django.db import connection

        ids = [thread.pk for thread in threads]
        sql = (  # table names from the models; values as parameters
            f"SELECT r.thread_id, r.last_read_number, (SELECT COUNT(*) FROM {Post._meta.db_table} p"  # noqa: S608
            " WHERE p.thread_id = r.thread_id AND p.number > r.last_read_number AND p.status = %s"
            " AND p.is_hidden = %s AND p.is_deleted = %s)"
            f" FROM {ReadState._meta.db_table} r WHERE r.user_id = %s"
            f" AND r.thread_id IN ({', '.join(['%s'] * len(ids))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [PostStatus.PUBLISHED, False, False, viewer.pk, *ids])
            found = {pk: (last, unread) for pk, last, unread in cursor.fetchall()}
    for thread in threads:
        thread.my_last_read, thread.unread_count = found.get(thread.pk, (None, 0))
    return threads


def thread_row_fragments(threads, *, community):
    """The rows of a thread list (``discussions/_thread_row.html``): each row's HTML is shared
    by every reader with the same unread badge (``hub.pagecache.Fragments``, fresh while the
    community's generation is); only the rows not stored are rendered, their tag names
    loaded in one query.  Call after ``mark_new``."""

    rows = pagecache.Fragments("threadrow")
    scopes = [pagecache.community_scope(community.slug)]
    for thread in threads:
        rows.want(thread.pk, variant=(bool(thread.is_new), int(getattr(thread, "unread_count", 0) or 0)), scopes=scopes)
    rows.fetch()
    missing = set(rows.missing())
    attach_tag_names([thread for thread in threads if thread.pk in missing])
    return rows


def latest_row_fragments(threads, *, compact=False):
    """The rows of a list of threads across communities (``discussions/_latest_row.html``),
    shared like ``thread_row_fragments``: by every reader with the same unread badge, fresh
    while the thread's community's generation is.  Tag names are loaded (one query) for the
    rows not stored, unless ``compact`` (no tags shown).  Call after ``mark_new``."""

    rows = pagecache.Fragments("latestrow")
    for thread in threads:
        variant = (bool(compact), bool(thread.is_new), int(getattr(thread, "unread_count", 0) or 0))
        rows.want(thread.pk, variant=variant, scopes=[pagecache.community_scope(thread.community.slug)])
    rows.fetch()
    if not compact:
        missing = set(rows.missing())
        attach_tag_names([thread for thread in threads if thread.pk in missing])
    return rows


def mark_new(threads, viewer):
    """Set ``is_new`` (never opened, recent) on listed threads."""
    cutoff = timezone.now() - NEW_WINDOW
    for thread in threads:
        thread.is_new = bool(
            viewer.is_authenticated and getattr(thread, "my_last_read", None) is None and thread.last_post_at > cutoff
        )
        if not viewer.is_authenticated or thread.is_new:
            thread.unread_count = 0
    return threads


def _viewer_thread_columns(viewer):
    """The viewer's membership of the thread's community, read state, subscription and reply
    draft as small written-out subqueries (``RawSQL``): compiling them costs a fraction of
    the equivalent ORM subqueries, and each is one indexed lookup by (user, thread/community)."""
    from django.db.models import CharField, DateTimeField
    from django.db.models.expressions import RawSQL

    from communities.models import Membership

    thread = f'"{Thread._meta.db_table}"'
    membership, read, subscription, draft = (
        model._meta.db_table for model in (Membership, ReadState, ThreadSubscription, Draft)
    )
    owner = [viewer.pk]

    def column(table, name, key, output_field):
        sql = f"SELECT x.{name} FROM {table} x WHERE x.user_id = %s AND x.{key} LIMIT 1"  # noqa: S608
        return RawSQL(sql, owner, output_field=output_field)  # noqa: S611 (names from the models, values as parameters)

    in_community = f"community_id = {thread}.community_id"
    of_thread = f"thread_id = {thread}.id"
    fields = {
        "id": IntegerField(),
        "role": CharField(),
        "status": CharField(),
        "suspended_until": DateTimeField(),
        "approved_post_count": IntegerField(),
        "notification_level": CharField(),
    }
    columns = {f"my_membership_{name}": column(membership, name, in_community, field) for name, field in fields.items()}
    columns.update(
        my_last_read=column(read, "last_read_number", of_thread, IntegerField()),
        my_subscription=column(subscription, "level", of_thread, CharField()),
        my_draft_body=column(draft, "body", of_thread, CharField()),
        my_draft_reply_to=column(draft, "reply_to_number", of_thread, IntegerField()),
    )
    return columns


def _thread_shared(thread_id):
    """The thread with what every reader's page shows of it: community, author, accepted
    answer and its author, poll, tags (2 queries; shared while the thread's generation holds)."""
    qs = Thread.objects.select_related("community", "author", "accepted_answer__author", "poll").prefetch_related(
        "tags"
    )
    # No ``first()``: ordering by pk makes the compiler hash every annotation; pk is unique.
    return next(iter(qs.filter(pk=thread_id).order_by()[:1]), None)


def shared_thread(thread_id):
    """``_thread_shared`` from the shared data cache (``hub.pagecache.shared_value``): a
    write in the thread moves its generation, anything else the global one."""
    try:
        thread_id = int(thread_id)
    except (TypeError, ValueError):
        return None
    return pagecache.shared_value(
        f"data:thread:{thread_id}", [pagecache.thread_scope(thread_id)], lambda: _thread_shared(thread_id)
    )


def _viewer_thread_state(viewer, thread):
    """Set the viewer's membership of the thread's community (``my_membership_row``), read
    state, subscription, reply draft and whether the thread has posts of theirs others
    cannot see (``my_unlisted``: pending, rejected or hidden), in one written-out query of
    indexed lookups by (user, thread/community)."""
    from django.db import connection

    tables = {
        model.__name__: model._meta.db_table for model in (Membership, ReadState, ThreadSubscription, Draft, Post)
    }
    columns = ", ".join(f"m.{name}" for name in MEMBERSHIP_FIELDS)
    sql = (  # table and column names from the models; values as parameters
        f"SELECT {columns},"  # noqa: S608
        f" (SELECT r.last_read_number FROM {tables['ReadState']} r WHERE r.user_id = %s AND r.thread_id = %s),"
        f" (SELECT s.level FROM {tables['ThreadSubscription']} s WHERE s.user_id = %s AND s.thread_id = %s),"
        f" (SELECT d.body FROM {tables['Draft']} d WHERE d.user_id = %s AND d.thread_id = %s LIMIT 1),"
        f" (SELECT d.reply_to_number FROM {tables['Draft']} d WHERE d.user_id = %s AND d.thread_id = %s LIMIT 1),"
        f" EXISTS (SELECT 1 FROM {tables['Post']} p WHERE p.thread_id = %s AND p.author_id = %s"
        " AND (p.status <> %s OR p.is_hidden = %s))"
        f" FROM (SELECT 1 AS one) o LEFT JOIN {tables['Membership']} m ON m.user_id = %s AND m.community_id = %s"
    )
    me, here = viewer.pk, thread.pk
    params = [me, here, me, here, me, here, me, here, here, me, PostStatus.PUBLISHED, True, me, thread.community_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    n = len(MEMBERSHIP_FIELDS)
    thread.my_membership_row = _membership_row(row[:n])
    thread.my_last_read, thread.my_subscription, thread.my_draft_body, thread.my_draft_reply_to = row[n : n + 4]
    thread.my_unlisted = bool(row[n + 4])


def shared_community(slug):
    """The community of ``slug`` as every reader's page starts from it (one query; shared
    while its generation holds: any visible write in it moves it, a settings change the
    global one), or None."""
    if not isinstance(slug, str) or not slug or len(slug) > 100:
        return None
    from communities.models import Community

    return pagecache.shared_value(
        f"data:community:{hashlib.blake2b(slug.encode(), digest_size=12).hexdigest()}",
        [pagecache.community_scope(slug)],
        lambda: Community.objects.filter(slug=slug).first(),
    )


def community_for_discussions(*, slug, viewer):
    """The community of ``slug`` for the discussion pages: the shared copy (``shared_community``)
    with the viewer's membership primed and whether they have a hidden thread of their own in
    it (``my_unlisted_threads``, which ``thread_list_source`` needs), in one written-out query;
    raises Http404 when it does not exist (the caller checks the viewer may read it).  The
    community pages' own lookup is ``communities.selectors.community_get_for_viewer``."""
    community = shared_community(slug)
    if community is None:
        raise Http404
    if viewer.is_authenticated:
        from django.db import connection

        columns = ", ".join(f"m.{name}" for name in MEMBERSHIP_FIELDS)
        sql = (  # table and column names from the models; values as parameters
            f"SELECT {columns}, EXISTS (SELECT 1 FROM {Thread._meta.db_table} t"  # noqa: S608
            " WHERE t.community_id = %s AND t.author_id = %s AND t.is_hidden = %s)"
            f" FROM (SELECT 1 AS one) o LEFT JOIN {Membership._meta.db_table} m"
            " ON m.user_id = %s AND m.community_id = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [community.pk, viewer.pk, True, viewer.pk, community.pk])
            row = cursor.fetchone()
        community.my_membership_row = _membership_row(row[:-1])
        community.my_unlisted_threads = bool(row[-1])
        prime_membership(viewer, community, community)
    return community


def thread_get_for_viewer(*, community_slug, thread_id, viewer):
    """The thread with its community and the viewer's read state, subscription and draft; 404
    when it does not exist here or the viewer may not read it.  The thread is the shared copy
    (``shared_thread``); the viewer's part costs one query."""
    thread = shared_thread(thread_id)
    if thread is None or thread.community.slug != community_slug:
        raise Http404
    if viewer.is_authenticated:
        _viewer_thread_state(viewer, thread)
    prime_membership(viewer, thread, thread.community)

    if not can_view_thread(viewer, thread):
        raise Http404
    return thread


def posts_for_thread(*, thread, viewer, with_my_reactions=False):
    """The posts of ``thread`` the viewer may see, in order, ready for _post.html."""
    qs = Post.objects.all()
    if with_my_reactions and viewer.is_authenticated:
        # Written-out EXISTS lookups by (post, user): compiling six ORM Exists() was a tenth
        # of a signed-in thread page's time.
        post = f'"{Post._meta.db_table}"."id"'
        reaction, bookmark = Reaction._meta.db_table, Bookmark._meta.db_table
        mine = f"SELECT 1 FROM {reaction} r WHERE r.post_id = {post} AND r.user_id = %s AND r.kind = %s"  # noqa: S608
        qs = qs.annotate(
            **{
                f"my_reaction_{kind}": RawSQL(f"EXISTS({mine})", [viewer.pk, kind], output_field=BooleanField())  # noqa: S611
                for kind in ReactionKind.values
            },
            my_bookmark=RawSQL(  # noqa: S611
                f"EXISTS(SELECT 1 FROM {bookmark} b WHERE b.post_id = {post} AND b.user_id = %s)",  # noqa: S608
                [viewer.pk],
                output_field=BooleanField(),
            ),
        )
    return (
        qs.filter(thread=thread)
        .filter(_visible_posts_q(viewer, thread.community))
        .select_related("author")
        .annotate(reply_to_number=F("reply_to__number"))
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("number")
    )


class SharedPosts(SharedList):
    """The posts of a thread every plain reader sees, as a ``Paginator``'s object list: the
    count and each page's posts (with authors, attachments and reply numbers) built once
    and shared while the thread's generation holds (``hub.pagecache.shared_value``)."""

    def __init__(self, thread):
        from django.contrib.auth.models import AnonymousUser

        super().__init__(
            posts_for_thread(thread=thread, viewer=AnonymousUser()),
            prefix=f"data:posts:{thread.pk}",
            scopes=[pagecache.thread_scope(thread.pk)],
        )


def thread_post_source(*, thread, viewer):
    """What the thread page paginates for ``viewer``: the shared posts when they see exactly
    what every plain reader sees (no moderation rights here, no pending, rejected or hidden
    post of their own in the thread: ``my_unlisted`` from ``thread_get_for_viewer``), else
    their own ``posts_for_thread`` queryset with their reactions and bookmark."""
    if not cp.can_moderate_community(viewer, thread.community) and not getattr(thread, "my_unlisted", False):
        return SharedPosts(thread)
    return posts_for_thread(thread=thread, viewer=viewer, with_my_reactions=True)


def attach_viewer_marks(posts, viewer):
    """Set ``my_reactions`` and ``my_bookmark`` on each post (one query; none when the
    posts came annotated by ``posts_for_thread(with_my_reactions=True)`` or for anonymous)."""
    if not posts:
        return posts
    if hasattr(posts[0], f"my_reaction_{ReactionKind.LIKE}"):
        for post in posts:
            post.my_reactions = {k for k in ReactionKind.values if getattr(post, f"my_reaction_{k}", False)}
        return posts
    mine, marked = {}, set()
    if viewer.is_authenticated:
        from django.db import connection

        ids = [post.pk for post in posts]
        marks = ", ".join(["%s"] * len(ids))
        sql = (  # table names from the models; values as parameters
            f"SELECT r.post_id, r.kind FROM {Reaction._meta.db_table} r"  # noqa: S608
            f" WHERE r.user_id = %s AND r.post_id IN ({marks})"
            f" UNION ALL SELECT b.post_id, NULL FROM {Bookmark._meta.db_table} b"
            f" WHERE b.user_id = %s AND b.post_id IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [viewer.pk, *ids, viewer.pk, *ids])
            for post_id, kind in cursor.fetchall():
                if kind is None:
                    marked.add(post_id)
                else:
                    mine.setdefault(post_id, set()).add(kind)
    for post in posts:
        post.my_reactions = mine.get(post.pk, set())
        post.my_bookmark = post.pk in marked
    return posts


def page_of_post(*, thread, viewer, number):
    """Which page of the thread shows post ``number`` for this viewer."""
    before = posts_for_thread(thread=thread, viewer=viewer).filter(number__lt=number).count()
    return before // POSTS_PER_PAGE + 1


def annotate_viewer_reactions(posts, viewer):
    """Set ``my_reactions`` (a set of kinds) on each post (1 query, none when posts_for_thread annotated them)."""
    if posts and hasattr(posts[0], f"my_reaction_{ReactionKind.LIKE}"):
        for post in posts:
            post.my_reactions = {k for k in ReactionKind.values if getattr(post, f"my_reaction_{k}", False)}
        return posts
    mine = {}
    if viewer.is_authenticated and posts:
        for post_id, kind in Reaction.objects.filter(post__in=[p.pk for p in posts], user=viewer).values_list(
            "post_id", "kind"
        ):
            mine.setdefault(post_id, set()).add(kind)
    for post in posts:
        post.my_reactions = mine.get(post.pk, set())
    return posts


def reactions_for_post(*, post):
    return Reaction.objects.filter(post=post).select_related("user").order_by("kind", "created_at")


def tags_for_community(*, community, prefix="", limit=20):
    """Tags already used in the community (for autocomplete)."""
    from taggit.models import Tag

    qs = Tag.objects.filter(
        taggit_taggeditem_items__content_type__app_label="discussions",
        taggit_taggeditem_items__object_id__in=Thread.objects.filter(
            community=community, is_hidden=False, merged_into__isnull=True
        ).values("pk"),
    )
    if prefix:
        qs = qs.filter(name__istartswith=prefix)
    return list(qs.annotate(uses=Count("taggit_taggeditem_items")).order_by("-uses", "name")[:limit])


def members_for_mention(*, community, prefix="", limit=8, viewer=None):
    """Members who can read the community, for @mention autocomplete (only those whose
    profile ``viewer`` may see)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    qs = User.objects.filter(
        is_active=True,
        memberships__community=community,
        memberships__status=MembershipStatus.ACTIVE,
    )
    qs = profiles_visible_to(viewer, qs)
    if prefix:
        qs = qs.filter(Q(username__istartswith=prefix) | Q(display_name__istartswith=prefix))
    return list(qs.distinct().order_by("username")[:limit])


def draft_for(*, user, community):
    """The member's draft of a new thread in ``community``, or None."""
    return Draft.objects.filter(user=user, community=community, thread__isnull=True).first()
