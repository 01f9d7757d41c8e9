"""Account middleware: staff must have a second factor; session activity for the sessions page;
the member's "last seen" kept roughly current without a write per request."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from accounts.mfa import has_two_factor, requires_two_factor
from accounts.sessions import SEEN_INTERVAL, SEEN_SESSION_KEY, session_track

MFA_OK_SESSION_KEY = "_hub_mfa_ok"


def _current_page_exempt(request, prefixes) -> bool:
    from urllib.parse import urlsplit

    current = request.headers.get("HX-Current-URL", "")
    return _exempt(urlsplit(current).path, prefixes) if current else False


def _exempt(path: str, prefixes) -> bool:
    from hub.i18n import unprefixed

    return path.startswith(prefixes) or unprefixed(path).startswith(prefixes)


def mfa_exempt_prefixes():
    """Paths a staff member without a second factor may still open: setting one up, verifying
    the email address it needs, signing out, reading the legal pages, and static files."""
    return (
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
        "/accounts/logout/",
        "/accounts/email/",
        "/accounts/confirm-email/",
        "/legal/",
        settings.STATIC_URL,
        settings.MEDIA_URL,
        "/healthz",
    )


def remember_two_factor_at_login(sender, request, user, **kwargs):
    """Django's user_logged_in: settle the staff check once at sign-in, not on the first page."""
    session = getattr(request, "session", None)
    if session is not None and requires_two_factor(user) and has_two_factor(user):
        session[MFA_OK_SESSION_KEY] = user.pk


class StaffTwoFactorMiddleware:
    """Staff and superusers without a TOTP app or security key see nothing but the page that
    sets one up: no staff page, no Django admin (direct URLs included)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = mfa_exempt_prefixes()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if requires_two_factor(user) and not _exempt(request.path, self.exempt):
            session = request.session
            if session.get(MFA_OK_SESSION_KEY) != user.pk:
                if not has_two_factor(user):
                    return self._to_setup(request)
                session[MFA_OK_SESSION_KEY] = user.pk
        return self.get_response(request)

    def _to_setup(self, request):
        target = reverse("mfa_index")
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
        messages.warning(
            request,
            _("Staff accounts must use two-factor sign-in. Set up an authenticator app or a security key to continue."),
            fail_silently=True,
        )
        return redirect(target)


class SessionActivityMiddleware:
    """Keeps each signed-in session's row (IP, browser, last seen) for the sessions page,
    written at most once every ``SEEN_INTERVAL`` seconds per session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None and session.session_key:
            now = int(time.time())
            if now - int(session.get(SEEN_SESSION_KEY, 0) or 0) >= SEEN_INTERVAL:
                session_track(request=request, user=user, now=now)
        return response


# Where each ready provider's sign-in form leads (its authorisation endpoint's origin).
PROVIDER_ORIGINS = {
    "google": ["https://accounts.google.com"],
    "microsoft": ["https://login.microsoftonline.com"],
    "orcid": ["https://orcid.org", "https://sandbox.orcid.org"],
}


def sso_form_origins() -> list[str]:
    """Origins of the configured single sign-on providers (for the CSP ``form-action``)."""
    from urllib.parse import urlsplit

    from allauth.socialaccount.models import SocialApp

    origins = set()
    for provider, app_settings in SocialApp.objects.values_list("provider", "settings"):
        origins.update(PROVIDER_ORIGINS.get(provider, ()))
        server_url = (app_settings or {}).get("server_url") if isinstance(app_settings, dict) else None
        if server_url:
            parts = urlsplit(server_url)
            if parts.scheme in ("https", "http") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


class SingleSignOnFormActionMiddleware:
    """A sign-in form posts to the hub, which redirects to the provider: browsers check that
    redirect against the page's ``form-action``, so account pages allow the configured
    providers' origins there (and nothing else)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/accounts/") and response.get("Content-Type", "").startswith("text/html"):
            origins = sso_form_origins()
            if origins:
                response._csp_update = {"form-action": origins}
        return response


logger = logging.getLogger(__name__)

EVERY = 300  # seconds between two refreshes of one member's "last seen"


class LastSeenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                if cache.add(f"accounts:seen:{user.pk}", 1, EVERY):
                    from accounts.models import User

                    User.objects.filter(pk=user.pk).update(last_seen_at=timezone.now())
            except Exception:  # a cache or database hiccup must never fail the page
                logger.warning("last seen not recorded", exc_info=True)
        return response
