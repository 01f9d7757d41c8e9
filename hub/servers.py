"""Request-line limits of the HTTP servers that run the hub, and their answer beyond them.

Production serves HTTP with gunicorn (sync workers, ``hub.wsgi``, deploy/gunicorn.conf.py)
and websockets with uvicorn (``hub.asgi``); ``make run`` uses daphne's runserver for both.

gunicorn runs with ``limit_request_line = 0`` (at its default, 4 KB, it answers a bare 414 page
before Django sees a long search), so Django answers long addresses itself; ``configure_gunicorn``
(its ``post_worker_init`` hook) turns what gunicorn still refuses (a header line past
``limit_request_field_size``, a request line past its parser's own bound) into the hub's 414
or 431 page instead of gunicorn's bare one.

Twisted (daphne, also behind ``manage.py runserver``) reads at most 16 KB per line and drops
the connection without a word when a request line is longer: a long search URL then shows a
browser error page.  ``configure_twisted`` lets request lines up to SERVER_REQUEST_LINE_LIMIT
through (Django answers those: the search message, or the 414 page of LongUrlMiddleware) and
answers anything longer with a 414 page in the hub's style (431 for an over-long header line)
instead of dropping the connection.  uvicorn takes the limit as an option (README).
"""

import logging

logger = logging.getLogger(__name__)
_configured = False


def server_error_page(status: int) -> bytes:
    """A complete HTTP response for a request the server refuses before Django sees it."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    reasons = {414: "URI Too Long", 431: "Request Header Fields Too Large"}
    try:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "414_server.html",
                {
                    "limit": settings.MAX_URL_LENGTH,
                    "search_limit": settings.SEARCH_MAX_QUERY_LENGTH,
                    "SITE_NAME": settings.SITE_NAME,
                },
            ).encode("utf-8")
    except Exception:  # never fail worse than the server would have
        logger.exception("Could not render the %s page", status)
        body = b"<!doctype html><title>Address too long</title><h1>This address is too long</h1>"
    head = (
        f"HTTP/1.1 {status} {reasons.get(status, 'Bad Request')}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\n"
    )
    return head.encode("ascii") + body


def configure_twisted() -> None:
    """Raise Twisted's request-line limit and answer past it with the hub's page (idempotent)."""
    global _configured
    if _configured:
        return
    from django.conf import settings
    from twisted.web import http

    limit = settings.SERVER_REQUEST_LINE_LIMIT
    http.HTTPChannel.MAX_LENGTH = limit
    http.HTTPChannel.totalHeadersSize = max(http.HTTPChannel.totalHeadersSize, limit + 16 * 1024)

    def lineLengthExceeded(self, line):  # noqa: N802 (Twisted's name)
        # Still reading the request line (Twisted's private flag): 414, else a header line: 431.
        first_line = getattr(self, "_HTTPChannel__first_line", True)
        self.transport.write(server_error_page(414 if first_line else 431))
        self.transport.loseConnection()

    http.HTTPChannel.lineLengthExceeded = lineLengthExceeded
    _configured = True


def configure_gunicorn(worker) -> None:
    """Answer gunicorn's refusals of over-long lines with the hub's page (414, or 431 for a header)."""
    from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine

    if getattr(worker, "_hub_configured", False):
        return
    original = worker.handle_error

    def handle_error(req, client, addr, exc):
        if not isinstance(exc, (LimitRequestLine, LimitRequestHeaders)):
            return original(req, client, addr, exc)
        status = 414 if isinstance(exc, LimitRequestLine) else 431
        logger.info("Refused an over-long request (%s): %s", status, exc)
        try:
            client.setblocking(True)
            client.sendall(server_error_page(status))
        except OSError:
            pass  # the client has gone: nothing to answer

    worker.handle_error = handle_error
    worker._hub_configured = True
