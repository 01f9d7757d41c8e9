"""Read queries behind the search page: posts (threads), communities, members.

Every result set starts from the permission filters (``posts_visible_to``,
``threads_visible_to``, ``communities_listed_for``), so hidden or private content never
reaches an outsider: not in the list, not in a count, not in a snippet.

PostgreSQL: stored tsvector columns with GIN indexes (see the migrations), websearch syntax,
``ts_rank`` and ``ts_headline``.  Each row's vector is built with the text search
configuration of its language (English, French or Spanish stems, accents removed), so the
query is read in all three configurations, each matched against the rows of its language:
a query word and a stored word always go through the same stemmer.  Relevance is ranked
among the ``CANDIDATES`` most recent matches, so a word found in half of all posts costs the
same as a rare one.
SQLite: substring matching on the parsed query with case and accents folded, ranked by the
number of terms hit.
"""

import functools
import hashlib
import html
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts.models import User
from accounts.permissions import profiles_visible_to
from communities.models import Community
from communities.permissions import communities_listed_for
from discussions.models import Post, Thread
from discussions.permissions import posts_visible_to, threads_visible_to
from events.selectors import events_search
from hub import pagecache
from knowledge.selectors import knowledge_search
from markup import plain_text, render_markdown
from search import query as q_syntax
from search.vectors import Folded, Matches, StoredVector

PAGE_SIZE = 20
# Relevance is computed over the most recent CANDIDATES matching posts; counts stop there too.
CANDIDATES = 1000
TITLE_MATCH_LIMIT = 200
RESULT_CACHE_SECONDS = 60
# Text search configuration per stored language (search migration 0002); unknown is English.
CONFIGS = {"fr": "hub_french", "es": "hub_spanish"}
DEFAULT_CONFIG = "hub_english"
START, STOP = "\x02", "\x03"
HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS = 35, 15
# The marks while the headline is rendered: private-use characters markdown and nh3 keep.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"


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
    filters and stamped with the page cache's generations (so a new post, a hidden one or a
    changed membership shows at once), so paging costs one query.  Slicing fetches one page
    of rows with their snippets: the ids are exact for the current generations, so the rows
    need no second visibility check.
    """

    def __init__(self, *, raw_query: str, parsed, viewer, filters: PostFilters):
        self.raw_query = raw_query
        self.parsed = parsed
        self.filters = filters
        self.viewer = viewer
        self.pg = use_postgres()
        self.has_terms = bool(parsed)
        self.ts_queries = _ts_queries(raw_query) if self.pg else None
        self._ids = None

    # -- the ranked id list ----------------------------------------------------------------
    def _cache_key(self):
        viewer = self.viewer
        scope = f"u{viewer.pk}" if viewer is not None and viewer.is_authenticated else "anon"
        # Stamped with the page cache's generations (global and ``any``): every visible
        # write anywhere (a new post, a hidden one, a membership or visibility change) moves
        # them, so a cached list is never older than the last such write (and costs no query).
        f = self.filters
        parts = [
            scope,
            pagecache.current_stamp(),
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
        return f"search:posts:v2:{digest}"

    def _matches(self):
        base = _filtered_posts(viewer=self.viewer, filters=self.filters)
        if not self.has_terms:
            return base, []
        if not self.pg:
            return base.filter(_sqlite_match(self.parsed)), []
        title_hits = list(
            threads_visible_to(self.viewer)
            .filter(merged_into__isnull=True)
            .filter(_vector_match("title", "language", self.ts_queries))
            .order_by("-last_post_at")
            .values_list("pk", flat=True)[:TITLE_MATCH_LIMIT]
        )
        match = _vector_match("body", "language", self.ts_queries)
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
            rank = _per_language("language", self.ts_queries, lambda q: SearchRank(StoredVector("body"), q))
            if title_hits:
                title_rank = _per_language(
                    "thread__language", self.ts_queries, lambda q: SearchRank(StoredVector("thread__title"), q)
                )
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
        # The ids were ranked from ``posts_visible_to`` under the current generations (see
        # ``_cache_key``): a post hidden or a community closed since would have moved them.
        rows = Post.objects.filter(pk__in=ids, is_deleted=False).select_related("thread__community", "author")
        if self.pg and self.has_terms:
            rows = rows.defer("body", "body_html").annotate(headline=_headline(self.raw_query))
        else:
            rows = rows.defer("body")
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
                snippet = q_syntax.highlight(plain_text(post.body_html), terms)
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


def _ts_queries(raw_query: str) -> dict:
    """The query read by each configuration: {language code or "": SearchQuery}."""
    queries = {code: SearchQuery(raw_query, search_type="websearch", config=name) for code, name in CONFIGS.items()}
    queries[""] = SearchQuery(raw_query, search_type="websearch", config=DEFAULT_CONFIG)
    return queries


def _vector_match(anchor: str, language: str, queries: dict) -> Q:
    """Rows whose stored vector matches the query read in the row's own language.

    An OR of one ``@@`` per configuration, so each arm can use the GIN index.
    """
    match = ~Q(**{f"{language}__in": list(CONFIGS)}) & Q(Matches(StoredVector(anchor), queries[""]))
    for code in CONFIGS:
        match |= Q(**{language: code}) & Q(Matches(StoredVector(anchor), queries[code]))
    return match


def _per_language(language: str, queries: dict, build):
    """``build(query)`` with the query of the row's language (CASE over the stored language)."""
    whens = [When(**{language: code}, then=build(queries[code])) for code in CONFIGS]
    default = build(queries[""])
    return Case(*whens, default=default, output_field=default.output_field)


def _headline(raw_query: str):
    """``ts_headline`` of each row's body with the query read in the row's language: the SQL
    ``_per_language(..., SearchHeadline(...))`` builds, written out (compiling that nest of
    expressions was a fifth of a signed-in search page's time)."""
    table = Post._meta.db_table
    options = connection.ops.compose_sql(
        "StartSel=%s, StopSel=%s, MaxWords=%s, MinWords=%s", [START, STOP, HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS]
    )
    arm = f'ts_headline(%s::regconfig, "{table}"."body", websearch_to_tsquery(%s::regconfig, %s), %s)'
    whens = " ".join(f'WHEN "{table}"."language" = %s THEN {arm}' for _code in CONFIGS)
    params = []
    for code, config in CONFIGS.items():
        params += [code, config, config, raw_query, options]
    params += [DEFAULT_CONFIG, DEFAULT_CONFIG, raw_query, options]
    return RawSQL(f"CASE {whens} ELSE {arm} END", params, output_field=TextField())  # noqa: S611 (values as parameters)


@functools.lru_cache(maxsize=4096)
def _headline_html(headline: str) -> str:
    """ts_headline output (a fragment of the markdown source with sentinel marks) as safe HTML.

    The fragment is rendered like a post and turned to text by the one plain-text helper, so
    a snippet reads like the post (``snake_case``, ``a > b`` and code kept as written).
    A pure function of its text, so the rendered snippets of popular searches are kept
    (per process, by their text: nothing to invalidate).
    """
    fragment = headline.replace(START, _MARK_OPEN).replace(STOP, _MARK_CLOSE)
    text = plain_text(render_markdown(fragment))
    if text.count(_MARK_OPEN) != text.count(_MARK_CLOSE):  # a mark fell inside a link target
        text = text.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
    return html.escape(text).replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


def _contains(field: str, term: str) -> Q:
    """``field`` contains ``term``, ignoring case and accents on either backend."""
    if use_postgres():
        return Q(**{f"{field}__unaccent__icontains": term})
    return Q(Contains(Folded(field), q_syntax.fold(term)))


def _term_q(term: str) -> Q:
    return _contains("body", term) | (Q(number=1) & _contains("thread__title", term))


def _sqlite_match(parsed) -> Q:
    match = Q()
    for group in parsed.groups:
        alternatives = Q()
        for term in group:
            alternatives |= _term_q(term)
        match &= alternatives
    for term in parsed.excluded:
        match &= ~_contains("body", term)
    return match


def _sqlite_rank(parsed):
    rank = Value(0.0, output_field=FloatField())
    for term in parsed.positive_terms:
        rank = rank + Case(
            When(_contains("body", term), then=Value(1.0)), default=Value(0.0), output_field=FloatField()
        )
        rank = rank + Case(
            When(Q(number=1) & _contains("thread__title", term), then=Value(2.0)),
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
                alternatives |= _contains(name, term)
            if extra is not None:
                alternatives |= extra(term)
        match &= alternatives
    for term in parsed.excluded:
        for name in fields:
            match &= ~_contains(name, term)
    return match


def community_search(*, raw_query: str, viewer):
    """Listed communities (never hidden ones to outsiders) whose name or description matches."""
    parsed = q_syntax.parse(raw_query)

    if not parsed:
        return Community.objects.none()
    return (
        communities_listed_for(viewer)
        .filter(_text_match(parsed, ["name", "tagline", "description"]))
        .annotate(
            name_hit=Case(
                *[When(_contains("name", t), then=Value(1)) for t in parsed.positive_terms],
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-name_hit", "-member_count", "name")
    )


def member_search(*, raw_query: str, viewer):
    """Active members whose name, handle, organisation, role or expertise matches (as the directory)."""
    parsed = q_syntax.parse(raw_query)

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
                ).filter(_contains("tag__name", term))
            )
        )

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
    """Results from the knowledge library."""
    if not raw_query.strip():
        return []
    return list(knowledge_search(query=raw_query, viewer=viewer, limit=limit))


def event_results(*, raw_query: str, viewer, limit: int = 5):
    """Events matching ``raw_query`` in communities the viewer may read (events.selectors.events_search)."""

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
