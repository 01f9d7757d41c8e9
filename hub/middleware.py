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

            context = {
                "length": length,
                "limit": settings.MAX_URL_LENGTH,
                "search_limit": settings.SEARCH_MAX_QUERY_LENGTH,
            }
            return render(request, "414.html", context, status=414)
        return self.get_response(request)


class LanguageChoiceMiddleware:
    """Send a visitor to their language's prefix when they open an unprefixed (English) page.

    English pages are unprefixed, so Django's LocaleMiddleware serves them in English whatever
    the browser asks.  On a page navigation (GET of an HTML page, not htmx, not a feed or a
    JSON endpoint) without a prefix this picks, in order: the language the visitor chose
    (the language cookie, set by the switcher and at login from the member's profile), the
    signed-in member's preferred language, then the browser's ``Accept-Language`` on a first
    visit.  When that is not English the visitor is redirected to the same page under the
    language's prefix; choosing English in the switcher stops it.  A malformed header means
    no preference (English), never an error.  At login (``accounts`` sets
    ``request.hub_language``) the cookie is updated on the response.
    """

    SKIP_SUFFIXES = (".ics", ".json", ".csv", ".xml", ".txt", ".pdf", ".svg")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect_for(request)
        if redirect is not None:
            return redirect
        response = self.get_response(request)
        chosen = getattr(request, "hub_language", None)
        if chosen is not None:
            self.remember(response, chosen)
        return response

    @staticmethod
    def remember(response, code):
        from django.conf import settings

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )

    def wanted_language(self, request):
        from django.conf import settings

        from hub import i18n

        cookie = i18n.supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
        if cookie:
            return cookie, False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            preferred = i18n.supported(getattr(user, "preferred_language", "") or "")
            if preferred:
                return preferred, True
        return i18n.from_accept_language(request.headers.get("Accept-Language", "")), True

    def redirect_for(self, request):
        from django.conf import settings
        from django.http import HttpResponseRedirect
        from django.urls import Resolver404, resolve
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
            return None
        if "text/html" not in request.headers.get("Accept", ""):
            return None  # fetch(), feeds, health checks and bots asking for anything
        path = request.path_info
        if translation.get_language_from_path(path) or path.endswith(self.SKIP_SUFFIXES):
            return None
        language, remember = self.wanted_language(request)
        if not language or language == settings.LANGUAGE_CODE:
            return None
        prefixed = f"/{language}{path}"
        try:
            with translation.override(language):  # the prefix pattern matches the active language
                resolve(prefixed, getattr(request, "urlconf", None))
        except Resolver404:
            return None  # not a translated page (health check, media, admin)
        query = request.META.get("QUERY_STRING", "")
        location = f"{request.META.get('SCRIPT_NAME', '').rstrip('/')}{prefixed}" + (f"?{query}" if query else "")
        response = HttpResponseRedirect(location)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        if remember:
            self.remember(response, language)
        return response
