"""Members who have not accepted the current privacy notice or terms are asked to, first."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from legal import permissions, selectors

OK_SESSION_KEY = "_hub_legal_ok"


def _current_page_exempt(request, prefixes) -> bool:
    from urllib.parse import urlsplit

    current = request.headers.get("HX-Current-URL", "")
    return _exempt(urlsplit(current).path, prefixes) if current else False


def _exempt(path, prefixes) -> bool:
    from hub.i18n import unprefixed

    return path.startswith(prefixes) or unprefixed(path).startswith(prefixes)


def exempt_prefixes():
    """The legal pages themselves, signing out, two-factor setup and static files."""
    return (
        "/legal/",
        "/accounts/logout/",
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
        settings.STATIC_URL,
        settings.MEDIA_URL,
        "/healthz",
        "/admin/logout/",
    )


def _marker(required) -> str:
    return ",".join(f"{kind}:{pk}" for kind, (pk, _version) in sorted(required.items()))


def check_documents_at_login(sender, request, user, **kwargs):
    """Django's user_logged_in: settle the check once at sign-in, not on the first page."""
    session = getattr(request, "session", None)
    if session is None or not permissions.must_accept_documents(user):
        return
    required = selectors.required_versions()
    if required and not selectors.documents_to_accept(user=user):
        session[OK_SESSION_KEY] = _marker(required)


class TermsAcceptanceMiddleware:
    """Redirects to ``legal:accept`` until the member has accepted every current version.
    Costs no query once the session has recorded that the current versions are accepted."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = exempt_prefixes()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if permissions.must_accept_documents(user) and not _exempt(request.path, self.exempt):
            required = selectors.required_versions()
            if required:
                marker = _marker(required)
                session = request.session
                if session.get(OK_SESSION_KEY) != marker:
                    if selectors.documents_to_accept(user=user):
                        return self._to_accept(request)
                    session[OK_SESSION_KEY] = marker
        return self.get_response(request)

    def _to_accept(self, request):
        target = reverse("legal:accept")
        next_url = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            target = f"{target}?{urlencode({'next': next_url})}"
        if getattr(request, "htmx", False):
            # A fragment of a page: send the whole page on, unless that page is already one
            # of the exempt ones (its navigation badges load by htmx: no reload loop).
            response = HttpResponse(status=204)
            if not _current_page_exempt(request, self.exempt):
                response["HX-Redirect"] = target
            return response
        return redirect(target)
