"""Headers Django's SecurityMiddleware does not set itself."""

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """A view that fails because PostgreSQL is down, restarting or saturated (no pooled
    connection within the pool's timeout) answers the branded 503 page with Retry-After,
    logged as one line instead of a traceback.  Failures outside views (middleware, session
    save) reach ``hub.views.server_error``, which answers the same page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from hub.resilience import is_database_outage, log_outage, service_unavailable

        if not is_database_outage(exception):
            return None
        log_outage(request, exception)
        return service_unavailable(request)


class LongUrlMiddleware:
    """Addresses longer than MAX_URL_LENGTH get the hub's own 414 page (not a dropped connection).

    The servers are configured to pass longer request lines than this (``hub.servers``), so
    the page a reader sees is this one, in the hub's style, with the way out (a search box)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        length = len(request.get_full_path())
        if length > settings.MAX_URL_LENGTH:
            from django.shortcuts import render

            from search.query import MAX_QUERY_LENGTH

            context = {"length": length, "limit": settings.MAX_URL_LENGTH, "search_limit": MAX_QUERY_LENGTH}
            return render(request, "414.html", context, status=414)
        return self.get_response(request)
