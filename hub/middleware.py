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
