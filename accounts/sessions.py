"""Signed-in sessions (allauth.usersessions): tracking, ending, and telling who listens.

Ending a session deletes it from the session store, so the browser that held it is signed
out on its next request; the listeners registered here (the realtime layer) close its open
websockets at once.  ``end_other_sessions`` also runs after a password change or reset.
"""

import logging
import re
import time
from dataclasses import dataclass

from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from allauth.usersessions.adapter import get_adapter as get_sessions_adapter
from allauth.usersessions.models import UserSession
from django.utils.translation import gettext_lazy as _

from hub.effects import on_commit

SEEN_SESSION_KEY = "_hub_seen"
# A session's "last seen" on the sessions page is at most this old (seconds); tracking
# writes at most once per interval so ordinary requests add no query.
SEEN_INTERVAL = 300

logger = logging.getLogger(__name__)

_session_end_listeners = []


def on_session_ended(listener) -> None:
    """Call ``listener(user_id, session_key)`` after a session was ended (after commit)."""
    if listener not in _session_end_listeners:
        _session_end_listeners.append(listener)


def _announce(user_id, session_key) -> None:
    for listener in list(_session_end_listeners):
        try:
            listener(user_id, session_key=session_key)
        except Exception:
            logger.warning("Session-end listener %r failed", listener, exc_info=True)


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    """Every way a session ends (one, all others, password change) goes through here."""

    def end_sessions(self, sessions) -> None:
        for session in sessions:
            user_id, key = session.user_id, session.session_key
            session.end()
            on_commit(_announce, user_id, key)


def session_track(*, request, user, now: int) -> None:
    """Record (or refresh) the row of the request's session: IP, browser, last seen."""
    try:
        UserSession.objects.create_from_request(request, user=user, session=request.session)
    except Exception:  # a failed write must never fail the page
        logger.warning("Could not record the session's activity", exc_info=True)
        return
    request.session[SEEN_SESSION_KEY] = now


def mark_session_seen_at_login(sender, request, user, **kwargs):
    """Django's user_logged_in: allauth records the new session's row at sign-in, so the
    first pages after it need not (the activity middleware refreshes it later)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_SESSION_KEY] = int(time.time())


def session_end(*, actor, user_session: UserSession, current_session_key: str | None) -> None:
    """End one of ``actor``'s own sessions (not the current one: that is signing out)."""
    if user_session.user_id != actor.pk or user_session.session_key == current_session_key:
        raise ValueError("not one of the actor's other sessions")
    get_sessions_adapter().end_sessions([user_session])


def end_other_sessions(*, user, keep_session_key: str | None) -> int:
    """End every session of ``user`` except ``keep_session_key`` (None: end them all)."""
    sessions = list(UserSession.objects.filter(user_id=user.pk).exclude(session_key=keep_session_key or ""))
    if sessions:
        get_sessions_adapter().end_sessions(sessions)
    return len(sessions)


def end_sessions_after_password_change(sender, request, user, **kwargs):
    """allauth's password_changed / password_reset: every other session of the member ends
    (and its sockets close); the browser that changed it stays signed in."""
    session = getattr(request, "session", None)
    keep = session.session_key if session is not None and request.user.is_authenticated else None
    # The change rotated this browser's session key: the row of its old key is stale, not
    # another session (its sockets belong to this browser), so it is dropped quietly.
    for row in UserSession.objects.filter(user_id=user.pk).exclude(session_key=keep or ""):
        if not row.exists():
            row.delete()
    end_other_sessions(user=user, keep_session_key=keep)


# --- the device a session runs on, for people rather than logs -----------------------------------

_BROWSERS = [
    (re.compile(r"Edg(?:e|A|iOS)?/(\d+)"), "Edge"),
    (re.compile(r"OPR/(\d+)|Opera/(\d+)"), "Opera"),
    (re.compile(r"SamsungBrowser/(\d+)"), "Samsung Internet"),
    (re.compile(r"Firefox/(\d+)|FxiOS/(\d+)"), "Firefox"),
    (re.compile(r"Chrome/(\d+)|CriOS/(\d+)"), "Chrome"),
    (re.compile(r"Version/(\d+)[\d.]* (?:Mobile/\S+ )?Safari/"), "Safari"),
]
_SYSTEMS = [
    (re.compile(r"iPhone|iPod"), "iOS", "phone"),
    (re.compile(r"iPad"), "iPadOS", "tablet"),
    (re.compile(r"Android.*Mobile"), "Android", "phone"),
    (re.compile(r"Android"), "Android", "tablet"),
    (re.compile(r"Windows"), "Windows", "computer"),
    (re.compile(r"CrOS"), "ChromeOS", "computer"),
    (re.compile(r"Mac OS X|Macintosh"), "macOS", "computer"),
    (re.compile(r"Linux"), "Linux", "computer"),
]
DEVICE_LABELS = {"phone": _("Phone"), "tablet": _("Tablet"), "computer": _("Computer"), "": _("Unknown device")}


@dataclass(frozen=True)
class Device:
    kind: str  # phone, tablet, computer or ""
    system: str
    browser: str

    @property
    def label(self):
        return DEVICE_LABELS.get(self.kind, DEVICE_LABELS[""])


def describe_user_agent(user_agent: str) -> Device:
    """Device kind, operating system and browser (with its major version) from a User-Agent."""
    ua = user_agent or ""
    browser = ""
    for pattern, name in _BROWSERS:
        match = pattern.search(ua)
        if match:
            version = next((g for g in match.groups() if g), "")
            browser = f"{name} {version}".strip()
            break
    kind, system = "", ""
    for pattern, name, device in _SYSTEMS:
        if pattern.search(ua):
            system, kind = name, device
            break
    return Device(kind=kind, system=system, browser=browser)
