"""Read queries behind the search page: posts (threads), communities, members.

Every result set starts from the permission filters (``posts_visible_to``,
``threads_visible_to``, ``communities_listed_for``), so hidden or private content never
reaches an outsider: not in the list, not in a count, not in a snippet.

PostgreSQL: stored tsvector columns with GIN indexes (see the migration), websearch syntax,
``ts_rank`` and ``ts_headline``.  Relevance is ranked among the ``CANDIDATES`` most recent
matches, so a word found in half of all posts costs the same as a rare one.
SQLite: substring matching on the parsed query, ranked by the number of terms hit.
"""

import hashlib
import html
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.safestring import mark_safe

from communities.permissions import communities_listed_for
from discussions.models import Post, Thread
from discussions.permissions import posts_visible_to, threads_visible_to
from search import query as q_syntax
from search.vectors import Matches, StoredVector

PAGE_SIZE = 20
# Relevance is computed over the most recent CANDIDATES matching posts; counts stop there too.
CANDIDATES = 1000
TITLE_MATCH_LIMIT = 200
RESULT_CACHE_SECONDS = 60
CONFIG = "english"
START, STOP = "\x02", "\x03"


@dataclass
class PostFilters:
    community: object = None
    author: object = None
    tag: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"

    @property
    def any(self):
        return bool(self.community or self.author or self.tag or self.date_from or self.date_to)


def use_postgres() -> bool:
    return connection.vendor == "postgresql"


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _filtered_posts(*, viewer, filters: PostFilters):
    qs = posts_visible_to(viewer, Post.objects.filter(is_deleted=False, thread__merged_into__isnull=True))
    if filters.community is not None:
        qs = qs.filter(thread__community=filters.community)
    if filters.author is not None:
        qs = qs.filter(author=filters.author)
    if filters.tag:
        tagged = Thread.objects.filter(Q(tags__slug=filters.tag) | Q(tags__name__iexact=filters.tag))
        qs = qs.filter(thread__in=tagged.values("pk"))
    if filters.date_from:
        qs = qs.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(created_at__lt=_day_start(filters.date_to) + timezone.timedelta(days=1))
    return qs


class PostResults:
    """A count-capped result list for ``Paginator``.

    One query ranks every candidate (at most CANDIDATES, the most recent matches) and keeps
    their ids in order; the list is cached for RESULT_CACHE_SECONDS per viewer, query and
    filters (and the newest post id, so a new post shows at once), so paging costs one query.
    Slicing fetches one page of rows with their snippets, re-checked against
    ``posts_visible_to`` so a post hidden since the list was cached never appears.
    """

    def __init__(self, *, raw_query: str, parsed, viewer, filters: PostFilters):
        self.raw_query = raw_query
        self.parsed = parsed
        self.filters = filters
        self.viewer = viewer
        self.pg = use_postgres()
        self.has_terms = bool(parsed)
        self.ts_query = SearchQuery(raw_query, search_type="websearch", config=CONFIG) if self.pg else None
        self._ids = None

    # -- the ranked id list ----------------------------------------------------------------
    def _cache_key(self):
        viewer = self.viewer
        scope = f"u{viewer.pk}" if viewer is not None and viewer.is_authenticated else "anon"
        newest = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        f = self.filters
        parts = [
            scope,
            newest,
            self.raw_query,
            f.community.pk if f.community else "",
            f.author.pk if f.author else "",
            f.tag,
            f.date_from,
            f.date_to,
            f.sort,
            connection.vendor,
        ]
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        return f"search:posts:v1:{digest}"

    def _matches(self):
        base = _filtered_posts(viewer=self.viewer, filters=self.filters)
        if not self.has_terms:
            return base, []
        if not self.pg:
            return base.filter(_sqlite_match(self.parsed)), []
        title_hits = list(
            threads_visible_to(self.viewer)
            .filter(merged_into__isnull=True)
            .filter(Matches(StoredVector("title"), self.ts_query))
            .order_by("-last_post_at")
            .values_list("pk", flat=True)[:TITLE_MATCH_LIMIT]
        )
        match = Q(Matches(StoredVector("body"), self.ts_query))
        if title_hits:
            match |= Q(number=1, thread_id__in=title_hits)
        return base.filter(match), title_hits

    def _rank_ids(self):
        matches, title_hits = self._matches()
        candidates = matches.order_by("-created_at").values("pk")[:CANDIDATES]
        qs = Post.objects.filter(pk__in=candidates)
        if not self.has_terms or self.filters.sort == "newest":
            return list(qs.order_by("-created_at", "-pk").values_list("pk", flat=True))
        if self.pg:
            rank = SearchRank(StoredVector("body"), self.ts_query)
            if title_hits:
                title_rank = SearchRank(StoredVector("thread__title"), self.ts_query)
                rank = rank + Case(
                    When(number=1, thread_id__in=title_hits, then=Coalesce(title_rank, Value(0.0))),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
        else:
            rank = _sqlite_rank(self.parsed)
        return list(qs.annotate(rank=rank).order_by("-rank", "-created_at", "-pk").values_list("pk", flat=True))

    @property
    def ids(self):
        if self._ids is None:
            key = self._cache_key()
            ids = cache.get(key)
            if ids is None:
                ids = self._rank_ids()
                cache.set(key, ids, RESULT_CACHE_SECONDS)
            self._ids = ids
        return self._ids

    def count(self):
        return len(self.ids)

    def __len__(self):
        return self.count()

    @property
    def capped(self):
        return self.count() >= CANDIDATES

    # -- one page --------------------------------------------------------------------------
    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("PostResults supports slicing only")
        ids = self.ids[item]
        if not ids:
            return []
        rows = posts_visible_to(self.viewer, Post.objects.filter(pk__in=ids, is_deleted=False))
        rows = rows.select_related("thread__community", "author")
        if self.pg and self.has_terms:
            rows = rows.defer("body", "body_html").annotate(
                headline=SearchHeadline(
                    "body",
                    self.ts_query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                )
            )
        else:
            rows = rows.defer("body_html")
        by_id = {post.pk: post for post in rows}
        terms = self.parsed.positive_terms
        urls = {}  # one reverse() per community and author on the page, not per post
        results = []
        for pk in ids:
            post = by_id.get(pk)
            if post is None:
                continue
            if getattr(post, "headline", None) is not None:
                snippet = _headline_html(post.headline)
            else:
                snippet = q_syntax.highlight(q_syntax.plain_markdown(post.body), terms)
            # Both are escaped text with only <mark> added.
            post.snippet = mark_safe(snippet)
            post.title_html = mark_safe(q_syntax.mark_terms(post.thread.title, terms))
            post.url = post_url(post)
            community = post.thread.community
            post.community_url = urls.get(("c", community.pk)) or urls.setdefault(
                ("c", community.pk), community.get_absolute_url()
            )
            if post.author is not None:
                post.author_url = urls.get(("u", post.author_id)) or urls.setdefault(
                    ("u", post.author_id), post.author.get_absolute_url()
                )
            results.append(post)
        return results


def _headline_html(headline: str) -> str:
    """ts_headline output (raw markdown with sentinel marks) as safe HTML."""
    text = q_syntax.plain_markdown(headline)
    return html.escape(" ".join(text.split())).replace(START, "<mark>").replace(STOP, "</mark>")


def _term_q(term: str) -> Q:
    return Q(body__icontains=term) | Q(number=1, thread__title__icontains=term)


def _sqlite_match(parsed) -> Q:
    match = Q()
    for group in parsed.groups:
        alternatives = Q()
        for term in group:
            alternatives |= _term_q(term)
        match &= alternatives
    for term in parsed.excluded:
        match &= ~Q(body__icontains=term)
    return match


def _sqlite_rank(parsed):
    rank = Value(0.0, output_field=FloatField())
    for term in parsed.positive_terms:
        rank = rank + Case(When(body__icontains=term, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
        rank = rank + Case(
            When(number=1, thread__title__icontains=term, then=Value(2.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return rank


def post_search(*, raw_query: str, viewer, filters: PostFilters) -> PostResults:
    """Posts (and threads, through their opening post) matching the query that ``viewer`` may read."""
    return PostResults(raw_query=raw_query, parsed=q_syntax.parse(raw_query), viewer=viewer, filters=filters)


def _text_match(parsed, fields, extra=None) -> Q:
    """Every group matches some field (``extra(term)`` adds a condition per term)."""
    match = Q()
    for group in parsed.groups:
        alternatives = Q()
        for term in group:
            for name in fields:
                alternatives |= Q(**{f"{name}__icontains": term})
            if extra is not None:
                alternatives |= extra(term)
        match &= alternatives
    for term in parsed.excluded:
        for name in fields:
            match &= ~Q(**{f"{name}__icontains": term})
    return match


def community_search(*, raw_query: str, viewer):
    """Listed communities (never hidden ones to outsiders) whose name or description matches."""
    parsed = q_syntax.parse(raw_query)
    from communities.models import Community

    if not parsed:
        return Community.objects.none()
    return (
        communities_listed_for(viewer)
        .filter(_text_match(parsed, ["name", "tagline", "description"]))
        .annotate(
            name_hit=Case(
                *[When(name__icontains=t, then=Value(1)) for t in parsed.positive_terms],
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-name_hit", "-member_count", "name")
    )


def member_search(*, raw_query: str, viewer):
    """Active members whose name, handle, organisation, role or expertise matches (as the directory)."""
    parsed = q_syntax.parse(raw_query)
    from accounts.models import User

    if not parsed:
        return User.objects.none()
    from django.db.models import Exists, OuterRef
    from taggit.models import TaggedItem

    def expertise(term):
        return Q(
            Exists(
                TaggedItem.objects.filter(
                    content_type__app_label="accounts",
                    content_type__model="user",
                    object_id=OuterRef("pk"),
                    tag__name__icontains=term,
                )
            )
        )

    from accounts.permissions import profiles_visible_to

    fields = ["username", "display_name", "organisation", "job_title"]
    return (
        profiles_visible_to(viewer, User.objects.filter(is_active=True))
        .filter(_text_match(parsed, fields, extra=expertise))
        .annotate(
            name_hit=Case(
                *[
                    When(Q(username__iexact=t) | Q(display_name__iexact=t), then=Value(1))
                    for t in parsed.positive_terms
                ],
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-name_hit", F("display_name").asc(nulls_last=True), "username")
    )


def knowledge_results(*, raw_query: str, viewer, limit: int = 5):
    """Results from the knowledge library when it offers ``knowledge_search`` (else None)."""
    try:
        from knowledge.selectors import knowledge_search
    except ImportError:
        return None
    if not raw_query.strip():
        return []
    return list(knowledge_search(query=raw_query, viewer=viewer, limit=limit))


def event_results(*, raw_query: str, viewer, limit: int = 5):
    """Events matching ``raw_query`` in communities the viewer may read (events.selectors.events_search)."""
    from events.selectors import events_search

    return events_search(query=raw_query, viewer=viewer, limit=limit)


def post_url(post) -> str:
    """The post's permalink (falls back to the thread page with the post's anchor)."""
    from django.urls import NoReverseMatch, reverse

    thread = post.thread
    kwargs = {"community": thread.community.slug, "thread_id": thread.pk}
    try:
        return reverse("discussions:post-permalink", kwargs={**kwargs, "number": post.number})
    except NoReverseMatch:
        pass
    try:
        base = reverse("discussions:thread-detail", kwargs={**kwargs, "slug": thread.slug or "t"})
    except NoReverseMatch:
        base = f"/c/{thread.community.slug}/t/{thread.pk}-{thread.slug or 't'}/"
    return f"{base}#p{post.number}"
