"""Whole-page cache for anonymous readers, dropped by the committed writes they could see.

Anonymous visitors all get the same HTML for one URL (same language, time zone and htmx
target), so the public pages (directory, community tabs, thread list, thread page, search,
profiles) are rendered once and served from the cache until something changes.

Invalidation is not left to each service remembering to call it.  Every database
connection gets an execute wrapper (``connection_created``) that watches the SQL itself:
an INSERT, UPDATE or DELETE on any table outside ``PRIVATE_TABLES`` bumps generation
numbers at once and again when its transaction commits (``transaction.on_commit``: a
page rendered meanwhile without the uncommitted rows is dropped too), and every cached page
carries the generations it was rendered at.  So ``QuerySet.update()``, ``bulk_create``,
raw SQL, the admin and migrations all invalidate, and a new post, an edit, a reaction, a
hidden thread or a community turning private shows to the next anonymous request.
Tables whose rows anonymous pages never show (sessions, read state, notifications,
private messages...) are listed in ``PRIVATE_TABLES`` so that signed-in browsing does not
empty the cache.

Scopes: which generations a write bumps.  By default (raw SQL, the admin, a migration, any
service that does not say where it writes) a visible write bumps the *global* generation,
which every cached page and fragment depends on.  A service that writes inside one thread
or community says so (``@write_scope("thread")``, the keyword argument holding the thread,
post or community); its writes to the content tables of that community (``SCOPED_TABLES``)
bump only that thread's generation (``t:<id>``), its community's (``c:<slug>``) and ``any``;
a write to any other table, even inside a scope, stays global.  Pages say what they
depend on (``anonymous_page(scope=...)``): a thread page on ``t:<id>``, the community's
tabs and thread list on ``c:<slug>``, every other page (directory, home, search, latest,
profiles: they list content from everywhere) on ``any``.  So a reply in one community
leaves the other communities' cached pages valid, while its own thread, its community's
lists and the cross-community pages show it on the next request.  (A thread page's
"suggested threads" may show another thread's reply count up to ``TTL`` seconds old, like
its relative times.)

Per-request parts of a page are not cached: the CSP nonce and the CSRF token are stored
as placeholders and filled in per response.  Relative times ("3 minutes ago") are at
most ``TTL`` seconds old.  A failing cache (Redis down) only means rendering every time.
"""

import contextvars
import functools
import hashlib
import logging
import re
import time

from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

GEN_KEY = "pagecache:generation"  # the global generation: everything cached depends on it
SCOPE_PREFIX = "pagecache:gen:"  # + "any", "c:<community slug>", "t:<thread id>"
ANY = "any"
SCOPE_TTL = 7 * 24 * 3600  # a scope generation unused for a week may go (re-created newer)
KEY_PREFIX = "pagecache:page:"
TTL = 60  # seconds: bounds relative times ("3 minutes ago") and upcoming-event lists
NONCE_MARK = "\x1enonce\x1e"
CSRF_MARK = "\x1ecsrf\x1e"
PRIVATE_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "discussions_readstate",
        "discussions_draft",
        "discussions_bookmark",
        "discussions_threadsubscription",
        "account_emailconfirmation",
        "hub_contactmessage",
        "events_calendartoken",
        "events_reminderlog",
        "moderation_auditentry",
        "moderation_flag",
        "reports_reportsnapshot",
        "usersessions_usersession",
        "mfa_authenticator",
        "legal_acceptance",
        "socialaccount_socialtoken",
    }
)
PRIVATE_PREFIXES = ("notifications_", "messaging_", "outbox_")
# What a service writing inside one thread or community (``write_scope``) touches there: a
# write to any other table (a user's name, a tag's name, a new app's table) stays global.
SCOPED_TABLES = frozenset(
    {
        "discussions_thread",
        "discussions_post",
        "discussions_reaction",
        "discussions_attachment",
        "discussions_mention",
        "discussions_postrevision",
        "discussions_poll",
        "discussions_polloption",
        "discussions_pollvote",
        "communities_community",
        "communities_membership",
        "taggit_taggeditem",
        "taggit_tag",
    }
)
# Headers a view may set that belong to the page (not to one response).
_SKIP_HEADERS = {"content-length", "set-cookie", "vary", "content-security-policy"}
# Columns no cached page depends on, written on their own: a sign-in's ``last_login`` must not
# empty the cache for everyone (Django writes it with ``save(update_fields=["last_login"])``),
# nor the "last seen" refresh (profiles show it within the page TTL).
_PRIVATE_UPDATE = re.compile(
    r'UPDATE\s+"accounts_user"\s+SET\s+"(?:last_login|last_seen_at)"\s*=\s*%s\s+WHERE\s', re.IGNORECASE
)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
_LEADING = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


# --- invalidation -----------------------------------------------------------------------------


def generation():
    """The current global generation; a cache that lost it (restart, eviction) starts a new one."""
    value = cache.get(GEN_KEY)
    if value is None:
        value = time.time_ns()
        if not cache.add(GEN_KEY, value, timeout=None):
            value = cache.get(GEN_KEY, value)
    return value


def scope_key(scope: str) -> str:
    return SCOPE_PREFIX + scope


def thread_scope(thread_id) -> str:
    return f"t:{int(thread_id)}"


def community_scope(slug) -> str:
    return f"c:{slug}"


def dependency_keys(scopes=()) -> list[str]:
    """The generation keys a page or fragment of ``scopes`` depends on (global first)."""
    return [GEN_KEY, *(scope_key(s) for s in (scopes or (ANY,)))]


def stamp(found: dict, keys) -> tuple:
    """The generations of ``keys`` in ``found`` (a ``get_many`` answer) as one comparable
    tuple; a missing one (never bumped, evicted, cache restarted) is created newer than
    anything stored before, so what was stored under the old value is a miss."""
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = time.time_ns()
            if not cache.add(key, value, timeout=None if key == GEN_KEY else SCOPE_TTL):
                value = cache.get(key, value)
        values.append(value)
    return tuple(values)


def current_stamp(scopes=()) -> tuple:
    keys = dependency_keys(scopes)
    return stamp(cache.get_many(keys), keys)


def _bump_key(key):
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): any fresh value is newer than the pages
        cache.set(key, time.time_ns(), timeout=None if key == GEN_KEY else SCOPE_TTL)


def bump(keys=None):
    """Make cached pages stale: every one (no ``keys``: the global generation), or those
    depending on the given generation keys (called after a relevant write commits)."""
    try:
        for key in keys or (GEN_KEY,):
            _bump_key(key)
    except Exception:
        logger.warning("Page cache generation not bumped: cache unavailable", exc_info=True)


# --- write scopes -------------------------------------------------------------------------------

_SCOPE = contextvars.ContextVar("pagecache_write_scope", default=None)


def write_scope(argument: str):
    """Decorator of a service whose writes stay inside one thread or community: the keyword
    argument ``argument`` holds the Thread, Post or Community written.  Its writes to
    ``SCOPED_TABLES`` then bump that thread's and community's generations (and ``any``)
    instead of the global one."""

    def decorator(service):
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            token = _SCOPE.set(kwargs.get(argument))
            try:
                return service(*args, **kwargs)
            finally:
                _SCOPE.reset(token)

        return wrapper

    return decorator


def _scope_keys(target) -> tuple | None:
    """The generation keys a scoped write to ``target`` (a post, thread or community) bumps;
    None when it cannot tell."""
    try:
        if hasattr(target, "thread_id"):  # a post
            thread = target.thread
            community = thread.community
        elif hasattr(target, "community_id"):  # a thread
            thread, community = target, target.community
        else:
            thread, community = None, target
        if not community.slug or (thread is not None and thread.pk is None):
            return None
    except Exception:
        return None
    keys = [scope_key(ANY), scope_key(community_scope(community.slug))]
    if thread is not None:
        keys.append(scope_key(thread_scope(thread.pk)))
    return tuple(keys)


def write_target(sql):
    """Which generations a statement bumps: None (not a visible write), ``(GEN_KEY,)``
    (global) or the keys of the current write scope."""
    if not isinstance(sql, str):
        return None
    # Raw SQL often starts with a newline, indentation or a comment before the verb.
    start = _LEADING.match(sql).end()
    if start:
        sql = sql[start:]
    if sql[:6].upper() not in ("INSERT", "UPDATE", "DELETE"):
        return None
    match = _WRITE.match(sql)
    if match is None:
        return (GEN_KEY,)  # a write we cannot parse: assume it matters everywhere
    table = match.group(1).lower()
    if table in PRIVATE_TABLES or table.startswith(PRIVATE_PREFIXES) or _PRIVATE_UPDATE.match(sql) is not None:
        return None
    target = _SCOPE.get()
    if target is not None and table in SCOPED_TABLES:
        keys = _scope_keys(target)
        if keys is not None:
            return keys
    return (GEN_KEY,)


def is_visible_write(sql) -> bool:
    """Whether this statement writes a table whose rows anonymous pages can show."""
    return write_target(sql) is not None


class CommitBump:
    """The one on-commit callback of a transaction: bumps every key its writes touched."""

    def __init__(self):
        self.keys = set()

    def __call__(self):
        # The global generation covers everything: no need to bump the scopes as well.
        bump((GEN_KEY,) if GEN_KEY in self.keys else sorted(self.keys))


def _after_write(connection, keys):
    # Now: a later read in the same transaction (or test) must not get an older page.
    bump((GEN_KEY,) if GEN_KEY in keys else keys)
    if not connection.in_atomic_block:
        return
    # And after the commit, once per transaction: a page another request rendered meanwhile
    # (without these uncommitted rows) was stored under the generations bumped above.
    pending = next((func for _sids, func, _robust in connection.run_on_commit if isinstance(func, CommitBump)), None)
    if pending is None:
        pending = CommitBump()
        transaction.on_commit(pending, using=connection.alias, robust=True)
    pending.keys.update(keys)


class WriteWatcher:
    """Execute wrapper: notes writes to visible tables; the bump follows their commit."""

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        keys = write_target(sql)
        if keys is not None:
            _after_write(context["connection"], keys)
        return result


@receiver(connection_created, dispatch_uid="hub.pagecache.watch_writes")
def watch_writes(sender, connection, **kwargs):
    if not any(isinstance(w, WriteWatcher) for w in connection.execute_wrappers):
        # First in the list: ``connection.execute_wrapper()`` blocks pop the last wrapper on
        # exit, and a block entered before the connection opened must not pop the watcher.
        connection.execute_wrappers.insert(0, WriteWatcher())


# --- serving ----------------------------------------------------------------------------------


def page_key(request) -> str:
    parts = "\x1f".join(
        (
            request.get_host(),
            request.get_full_path(),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            request.headers.get("Accept", ""),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            request.headers.get("HX-History-Restore-Request", ""),
        )
    )
    return KEY_PREFIX + hashlib.sha256(parts.encode()).hexdigest()


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage) > 0:
        return False  # a flash message belongs to one visitor
    # Anything kept in an anonymous session (an invitation being accepted, a form being
    # filled in) may change the page for that visitor only.
    session = getattr(request, "session", None)
    return session is None or session.session_key is None or not list(session.keys())


def _to_template(request, response):
    """The response body with this request's nonce and CSRF tokens replaced by placeholders."""
    body = response.content.decode(response.charset or "utf-8")
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        body = body.replace(nonce, NONCE_MARK)
    secret = request.META.get("CSRF_COOKIE")
    if secret and request.META.get("CSRF_COOKIE_NEEDS_UPDATE") is not None:

        def mark(match):
            token = match.group(0)
            return CSRF_MARK if token == secret or _unmask_cipher_token(token) == secret else token

        body = _TOKEN.sub(mark, body)
    return body


def _from_template(request, body):
    if NONCE_MARK in body:
        body = body.replace(NONCE_MARK, str(request.csp_nonce))
    if CSRF_MARK in body:
        body = body.replace(CSRF_MARK, get_token(request))
    return body


def anonymous_page(view=None, *, scope=None):
    """Serve anonymous GETs of ``view`` from the page cache (see the module docstring).

    ``scope(request, *args, **kwargs)`` names the generations the page depends on besides
    the global one (``thread_scope(id)``, ``community_scope(slug)``); without it the page
    depends on every visible write (``any``).  ``@anonymous_page`` or
    ``@anonymous_page(scope=...)``.
    """
    if view is None:
        return functools.partial(anonymous_page, scope=scope)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        from django.http import HttpResponse

        key = page_key(request)
        deps = dependency_keys(scope(request, *args, **kwargs) if scope is not None else ())
        try:
            found = cache.get_many([*deps, key])
        except Exception:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
            return view(request, *args, **kwargs)
        entry = found.get(key)
        if entry is not None and all(k in found for k in deps) and entry[0] == tuple(found[k] for k in deps):
            _gen, content_type, headers, body = entry
            response = HttpResponse(_from_template(request, body), content_type=content_type)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response
        try:
            gens = stamp(found, deps)
        except Exception:
            return view(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        if _cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIP_HEADERS]
            entry = (gens, response["Content-Type"], headers, _to_template(request, response))
            try:
                cache.set(key, entry, TTL)
            except Exception:
                logger.warning("Page not stored in the page cache", exc_info=True)
        return response

    return wrapper


def thread_page_scope(request, *args, community=None, thread_id=None, **kwargs):
    """``scope`` of a thread page: its thread's generation."""
    return (thread_scope(thread_id),) if thread_id is not None else ()


def community_page_scope(argument):
    """``scope`` of a community's pages, the community's slug being URL argument ``argument``."""

    def scope(request, *args, **kwargs):
        slug = kwargs.get(argument)
        return (community_scope(slug),) if slug else ()

    return scope


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, "is_rendered", True) is False:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


# --- shared data of signed-in pages --------------------------------------------------------------

DATA_TTL = 600  # seconds: a bound on memory only; freshness comes from the generations


def shared_value(key, scopes, build, *, ttl=DATA_TTL):
    """A viewer-independent value (model instances with their relations, a count) that every
    reader shares: ``build()`` once, then the stored copy while the generations of ``scopes``
    (and the global one) stay where they were when it was built.

    Each reader gets a copy of its own (the cache hands back a fresh unpickled object), so
    a view may set per-viewer attributes on it.  ``None`` is never stored (what does not
    exist yet may be created without moving the generations read here).  A failing cache
    means building every time.
    """
    deps = dependency_keys(scopes)
    try:
        found = cache.get_many([*deps, key])
        current = stamp(found, deps)
    except Exception:
        logger.warning("Shared data cache unavailable; building %s", key, exc_info=True)
        return build()
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = build()
    if value is not None:
        try:
            cache.set(key, (current, value), ttl)
        except Exception:
            logger.warning("Shared data %s not stored", key, exc_info=True)
    return value


# --- shared fragments of signed-in pages ---------------------------------------------------------


class Fragments:
    """Rendered pieces of a page (a card, a list row) shared by every reader who would get the
    same HTML: keyed by object, language, time zone and the reader's ``variant`` (the few
    per-reader facts the piece shows, e.g. a membership badge or an unread count), stamped
    with the generations of the piece's scopes.  One cache round trip for the whole page
    (``fetch``), one to store what was rendered (``save``).  A piece must not contain a
    form's CSRF token or a script nonce, nor anything per reader outside its ``variant``.
    """

    TTL = TTL  # relative times ("3 minutes ago") in the pieces

    def __init__(self, prefix):
        self.prefix = prefix
        self.wanted = {}  # ident -> (key, dependency keys)
        self.found, self.fresh = {}, {}
        self.stamps = {}
        self.enabled = True

    def want(self, ident, *, variant=(), scopes=()):
        parts = (translation.get_language() or "", timezone.get_current_timezone_name(), variant)
        digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
        self.wanted[ident] = (f"frag:{self.prefix}:{ident}:{digest}", dependency_keys(scopes))

    def fetch(self):
        if not self.wanted:
            return self
        deps = sorted({k for _key, keys in self.wanted.values() for k in keys})
        try:
            stored = cache.get_many([*deps, *(key for key, _keys in self.wanted.values())])
            stamps = dict(zip(deps, stamp(stored, deps), strict=True))
        except Exception:
            logger.warning("Fragment cache unavailable; rendering every piece", exc_info=True)
            self.enabled = False
            return self
        for ident, (key, keys) in self.wanted.items():
            self.stamps[ident] = tuple(stamps[k] for k in keys)
            entry = stored.get(key)
            if entry is not None and entry[0] == self.stamps[ident]:
                self.found[ident] = entry[1]
        return self

    def missing(self):
        """The idents of the pieces to render (everything when the cache failed)."""
        return [ident for ident in self.wanted if ident not in self.found]

    def get(self, ident):
        return self.found.get(ident) if self.enabled else None

    def put(self, ident, html):
        if self.enabled and ident in self.stamps:
            self.fresh[self.wanted[ident][0]] = (self.stamps[ident], str(html))

    def save(self):
        if not (self.enabled and self.fresh):
            return
        try:
            cache.set_many(self.fresh, self.TTL)
        except Exception:
            logger.warning("Fragments not stored", exc_info=True)
        self.fresh = {}
