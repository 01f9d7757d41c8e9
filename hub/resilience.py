"""What the site does when a backing service fails: circuit breakers and outage detection.

A ``Breaker`` guards calls to one service (Redis cache, Celery broker, channel layer).  After
a failure it stays *open* for ``cooldown`` seconds: callers skip the service at once instead
of each waiting for a connection timeout, so an outage costs one slow call per process and
cooldown, not one per request.  The first call after the cooldown tries again; a success
closes the breaker (and logs the recovery), a failure re-opens it.

``is_database_outage(exc)`` tells the errors that mean "PostgreSQL is unreachable or
saturated" (connection refused or lost, server shutting down, no pooled connection within
``OPTIONS["pool"]["timeout"]``) from programming errors, which must stay 500s.
"""

import logging
import threading
import time

logger = logging.getLogger(__name__)

DEFAULT_COOLDOWN = 5.0
# Seconds a client is asked to wait (Retry-After) when the database is unavailable.
DATABASE_RETRY_AFTER = 10


class Breaker:
    def __init__(self, name: str, cooldown: float = DEFAULT_COOLDOWN):
        self.name = name
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._failing = False
        self._listeners = []

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    @property
    def failing(self) -> bool:
        """True from a failure until the next success (open, or waiting for its trial call)."""
        return self._failing

    def allow(self) -> bool:
        """Whether to call the service now (False while open: answer the fallback at once)."""
        return not self.is_open

    def failure(self, exc=None) -> None:
        with self._lock:
            first = not self._failing
            self._failing = True
            self._open_until = time.monotonic() + self.cooldown
        if first:
            logger.warning(
                "%s unavailable (%s); degraded for at least %.0f s", self.name, _describe(exc), self.cooldown
            )

    def success(self) -> None:
        if not self._failing:
            return
        with self._lock:
            recovered, self._failing, self._open_until = self._failing, False, 0.0
        if recovered:
            logger.warning("%s available again", self.name)
            for listener in list(self._listeners):
                try:
                    listener()
                except Exception:
                    logger.exception("Recovery hook of %s failed", self.name)

    def on_recovery(self, listener) -> None:
        """Call ``listener()`` (cheap, no I/O: set a flag) each time the service comes back."""
        self._listeners.append(listener)

    def reset(self) -> None:
        with self._lock:
            self._failing, self._open_until = False, 0.0


def _describe(exc) -> str:
    if exc is None:
        return "no answer"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


# One breaker per service and process.
cache_breaker = Breaker("Redis cache")
broker_breaker = Breaker("Celery broker")
layer_breaker = Breaker("Channel layer")


def is_database_outage(exc) -> bool:
    """Whether ``exc`` (or what caused it) means the database is unreachable or saturated."""
    from django.db import InterfaceError, OperationalError

    try:
        from psycopg_pool import PoolTimeout, TooManyRequests
    except ImportError:  # pragma: no cover - psycopg is a requirement
        PoolTimeout = TooManyRequests = ()  # noqa: N806

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (InterfaceError, PoolTimeout, TooManyRequests)):
            return True
        if isinstance(exc, OperationalError):
            # SQLite's "database is locked" is contention, not an outage: still a 503 (retry).
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def log_outage(request, exc) -> None:
    """One line per failed request (the cause is in the first one of the outage)."""
    path = getattr(request, "path", "?")
    what = "no pooled connection in time" if is_pool_timeout(exc) else "database unavailable"
    logger.warning("503 for %s: %s (%s)", path, what, _describe(exc))


class OutageLogFilter:
    """Logging filter: a request that failed because the database is unavailable is logged
    as one line, without the traceback (there are hundreds of them during an outage)."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and is_database_outage(exc):
            record.msg = f"{record.getMessage()} ({_describe(exc)})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def is_pool_timeout(exc) -> bool:
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover
        return False
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, PoolTimeout):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def service_unavailable(request, *, retry_after: int = DATABASE_RETRY_AFTER):
    """The branded 503 page, rendered without touching the database (no user, no session).

    It is in the language LocaleMiddleware chose for the request (the member's language
    cookie or URL, else the browser's), which needs neither the database nor Redis.
    """
    from django.conf import settings
    from django.http import HttpResponse
    from django.template import loader
    from django.utils import translation

    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        body = loader.get_template("503.html").render(
            {"LANGUAGE_CODE": language, "SITE_NAME": settings.SITE_NAME, "retry_after": retry_after}
        )
        content_type = "text/html; charset=utf-8"
    except Exception:  # a broken template must not turn the outage page into a 500
        logger.exception("503 page could not be rendered")
        body, content_type = "Service temporarily unavailable. Please try again shortly.\n", "text/plain"
    if _wants_json(request):
        import json

        from django.utils.translation import gettext

        body = json.dumps({"error": gettext("The service is busy or briefly unavailable. Please try again shortly.")})
        content_type = "application/json"
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


def _wants_json(request) -> bool:
    if request is None:
        return False
    accept = request.META.get("HTTP_ACCEPT", "")
    return "application/json" in accept and "text/html" not in accept
