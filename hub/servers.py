"""Request-line limits of the HTTP servers that run the hub, and their answer beyond them.

Twisted (daphne, also behind ``manage.py runserver``) reads at most 16 KB per line and drops
the connection without a word when a request line is longer: a long search URL then shows a
browser error page.  ``configure_twisted`` lets request lines up to SERVER_REQUEST_LINE_LIMIT
through (Django answers those: the search message, or the 414 page of LongUrlMiddleware) and
answers anything longer with a 414 page in the hub's style (431 for an over-long header line)
instead of dropping the connection.  uvicorn and gunicorn take the limit as options (README).
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
