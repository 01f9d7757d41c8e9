"""Whole-page cache for anonymous readers, dropped by any committed write they could see.

Anonymous visitors all get the same HTML for one URL (same language, time zone and htmx
target), so the public pages (directory, community tabs, thread list, thread page, search,
profiles) are rendered once and served from the cache until something changes.

Invalidation is not left to each service remembering to call it.  Every database
connection gets an execute wrapper (``connection_created``) that watches the SQL itself:
an INSERT, UPDATE or DELETE on any table outside ``PRIVATE_TABLES`` bumps one generation
number at once and again when its transaction commits (``transaction.on_commit``: a
page rendered meanwhile without the uncommitted rows is dropped too), and every cached page
carries the generation it was rendered at.  So ``QuerySet.update()``, ``bulk_create``,
raw SQL, the admin and migrations all invalidate, and a new post, an edit, a reaction, a
hidden thread or a community turning private shows to the next anonymous request.
Tables whose rows anonymous pages never show (sessions, read state, notifications,
private messages...) are listed in ``PRIVATE_TABLES`` so that signed-in browsing does not
empty the cache.

Per-request parts of a page are not cached: the CSP nonce and the CSRF token are stored
as placeholders and filled in per response.  Relative times ("3 minutes ago") are at
most ``TTL`` seconds old.  A failing cache (Redis down) only means rendering every time.
"""

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

GEN_KEY = "pagecache:generation"
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
PRIVATE_PREFIXES = ("notifications_", "messaging_")
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
    """The current generation; a cache that lost it (restart, eviction) starts a new one."""
    value = cache.get(GEN_KEY)
    if value is None:
        value = time.time_ns()
        if not cache.add(GEN_KEY, value, timeout=None):
            value = cache.get(GEN_KEY, value)
    return value


def bump():
    """Make every cached page stale (called after a relevant write commits)."""
    try:
        try:
            cache.incr(GEN_KEY)
        except ValueError:  # not set yet (or evicted): any fresh value is newer than the pages
            cache.set(GEN_KEY, time.time_ns(), timeout=None)
    except Exception:
        logger.warning("Page cache generation not bumped: cache unavailable", exc_info=True)


def is_visible_write(sql) -> bool:
    """Whether this statement writes a table whose rows anonymous pages can show."""
    if not isinstance(sql, str):
        return False
    # Raw SQL often starts with a newline, indentation or a comment before the verb.
    start = _LEADING.match(sql).end()
    if start:
        sql = sql[start:]
    if sql[:6].upper() not in ("INSERT", "UPDATE", "DELETE"):
        return False
    match = _WRITE.match(sql)
    if match is None:
        return True  # a write we cannot parse: assume it matters
    table = match.group(1).lower()
    if table in PRIVATE_TABLES or table.startswith(PRIVATE_PREFIXES):
        return False
    return _PRIVATE_UPDATE.match(sql) is None


def _after_write(connection):
    # Now: a later read in the same transaction (or test) must not get an older page.
    bump()
    if not connection.in_atomic_block:
        return
    # And after the commit, once per transaction: a page another request rendered meanwhile
    # (without these uncommitted rows) was stored under the generation bumped above.
    if not any(func is bump for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(bump, using=connection.alias, robust=True)


class WriteWatcher:
    """Execute wrapper: notes writes to visible tables; the bump follows their commit."""

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if is_visible_write(sql):
            _after_write(context["connection"])
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


def anonymous_page(view):
    """Serve anonymous GETs of ``view`` from the page cache (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        from django.http import HttpResponse

        key = page_key(request)
        try:
            found = cache.get_many([GEN_KEY, key])
        except Exception:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
            return view(request, *args, **kwargs)
        current = found.get(GEN_KEY)
        entry = found.get(key)
        if current is not None and entry is not None and entry[0] == current:
            _gen, content_type, headers, body = entry
            response = HttpResponse(_from_template(request, body), content_type=content_type)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response
        try:
            gen = current if current is not None else generation()
        except Exception:
            return view(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        if _cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIP_HEADERS]
            entry = (gen, response["Content-Type"], headers, _to_template(request, response))
            try:
                cache.set(key, entry, TTL)
            except Exception:
                logger.warning("Page not stored in the page cache", exc_info=True)
        return response

    return wrapper


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
