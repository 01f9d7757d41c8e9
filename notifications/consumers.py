"""Websocket consumers of the notification bell, and the hardened base every hub socket uses.

The base lives here (the lowest app with sockets) so discussions and messaging can build on
it without importing upwards.  Sockets only push: every write goes through HTTP + services.

Close codes the client understands (static/js/rt-socket.js stops reconnecting on 44xx):
  4401  the session ended (logout elsewhere in this browser, deactivation)
  4403  not allowed to read this (never was, or access was revoked while connected)
  4008  policy: too many or malformed frames;  4009: frame too large (final, like 44xx)
  4503  the channel layer is unavailable: retried with backoff
"""

import asyncio
import json
import logging
import time
import weakref

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

logger = logging.getLogger(__name__)

# Application close codes live in 4000-4999: servers (daphne) refuse to send 1008/1009/1011.
CLOSE_POLICY = 4008
CLOSE_TOO_BIG = 4009
CLOSE_SESSION_ENDED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_UNAVAILABLE = 4503  # the channel layer is down: the client retries with backoff

# At most this many channel-layer calls in flight per process: a burst of connections (a
# restart, everybody reconnecting) must not exhaust the Redis connection pool.
LAYER_CONCURRENCY = 48
LAYER_TIMEOUT = 5.0
_layer_slots: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()


async def layer_call(method, *args):
    """``await method(*args)`` on the channel layer, throttled per process, one retry."""
    loop = asyncio.get_running_loop()
    slots = _layer_slots.get(loop)
    if slots is None:
        slots = _layer_slots[loop] = asyncio.Semaphore(LAYER_CONCURRENCY)
    for attempt in range(2):
        async with slots:
            try:
                return await asyncio.wait_for(method(*args), timeout=LAYER_TIMEOUT)
            except OSError:  # includes TimeoutError: the layer is down, no retry
                raise
            except Exception as exc:  # redis MaxConnectionsError and friends: breathe, retry once
                if attempt or "connection" not in type(exc).__name__.lower():
                    raise
        await asyncio.sleep(0.05)


def user_group(user_id) -> str:
    return f"user.{int(user_id)}"


def _language(scope) -> str:
    """The page's language (``?lang=``), so pushes rendered per language match the page."""
    from urllib.parse import parse_qs

    from django.conf import settings

    try:
        query = parse_qs(scope.get("query_string", b"").decode("latin1"), max_num_fields=5)
    except ValueError:
        query = {}
    wanted = (query.get("lang") or [""])[0][:10].lower()
    codes = {code for code, _name in settings.LANGUAGES}
    if wanted in codes:
        return wanted
    return wanted.split("-")[0] if wanted.split("-")[0] in codes else settings.LANGUAGE_CODE


def pick_language(rendered, lang):
    """One rendering out of ``{language: html}`` (or a plain string, or None)."""
    if rendered is None or isinstance(rendered, str):
        return rendered
    from django.conf import settings

    return rendered.get(lang) or rendered.get(settings.LANGUAGE_CODE) or next(iter(rendered.values()), None)


class HubConsumer(AsyncWebsocketConsumer):
    """Push-only JSON socket: authorises on connect, joins server-chosen groups, and survives
    any frame a client sends (oversized, binary, malformed, floods)."""

    max_frame_chars = 2048
    # At most this many client frames per window (typing pings are throttled by the client).
    frame_budget = 30
    frame_window = 10.0
    max_errors = 10

    async def connect(self):
        user = self.scope.get("user")
        self.user = user
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None) if session is not None else None
        self.lang = _language(self.scope)
        self.joined: list[str] = []
        self.closing = False
        self._frames: list[float] = []
        self._errors = 0
        try:
            allowed = await self.authorise()
        except Exception as exc:
            from hub.resilience import is_database_outage

            if is_database_outage(exc):  # PostgreSQL down or saturated: the client retries later
                logger.warning("Websocket %s refused for now: database unavailable", self.scope.get("path"))
                self.closing = True
                await self.accept()
                await self.close(code=CLOSE_UNAVAILABLE)
                return
            logger.exception("Websocket authorisation failed for %s", self.scope.get("path"))
            allowed = False
        # Accept, then close with a code: a refusal before accept reaches browsers as a bare
        # HTTP 403 without a reason, and the client would retry for ever.
        await self.accept()
        if not allowed:
            await self.close_with(CLOSE_FORBIDDEN)
            return
        groups = self.groups_for()
        if self.user_id is not None:
            groups.insert(0, user_group(self.user_id))
        try:
            for group in groups:
                await layer_call(self.channel_layer.group_add, group, self.channel_name)
                self.joined.append(group)
        except Exception:
            logger.warning("Channel layer unavailable: closing socket %s", self.scope.get("path"), exc_info=True)
            await self.close_with(CLOSE_UNAVAILABLE)
            return
        await self.opened()

    async def disconnect(self, code):
        await self.leave_groups()
        await self.closed()

    async def leave_groups(self):
        joined, self.joined = getattr(self, "joined", []), []
        for group in joined:
            try:
                await layer_call(self.channel_layer.group_discard, group, self.channel_name)
            except Exception:
                logger.warning("Could not leave group %s", group, exc_info=True)

    async def close_with(self, code):
        """Stop receiving at once (leave every group), then close with ``code``."""
        if self.closing:
            return
        self.closing = True
        await self.leave_groups()
        await self.close(code=code)

    # --- hooks ---------------------------------------------------------------------------

    async def authorise(self) -> bool:
        return True

    def groups_for(self) -> list[str]:
        return []

    async def opened(self):
        pass

    async def closed(self):
        pass

    async def on_message(self, data: dict):
        await self.send_error("unknown-type")

    # --- client frames ------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.closing:
            return
        now = time.monotonic()
        self._frames = [t for t in self._frames if now - t < self.frame_window]
        self._frames.append(now)
        if len(self._frames) > self.frame_budget:
            await self.close_with(CLOSE_POLICY)
            return
        if text_data is None:
            await self.close_with(CLOSE_POLICY)  # binary frames are never part of the protocol
            return
        if len(text_data) > self.max_frame_chars:
            await self.close_with(CLOSE_TOO_BIG)
            return
        try:
            data = json.loads(text_data)
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            await self.send_error("bad-frame")
            return
        if data["type"] == "ping":
            await self.send_json({"type": "pong"})
            return
        await self.on_message(data)

    async def send_error(self, code):
        self._errors += 1
        if self._errors > self.max_errors:
            await self.close_with(CLOSE_POLICY)
            return
        await self.send_json({"type": "error", "code": code})

    async def send_json(self, data):
        if not self.closing:
            await self.send(text_data=json.dumps(data, separators=(",", ":")))

    # --- server events --------------------------------------------------------------------

    async def dispatch(self, message):
        # Another app may add event types to a shared group (user.<id>): an event this
        # consumer has no handler for is ignored instead of killing the socket.  Handlers
        # reach the ORM only through database_sync_to_async (which tidies connections), so
        # the per-message thread hop of the default dispatch is skipped: fan-out stays cheap.
        try:
            name = get_handler_name(message)
        except (ValueError, TypeError, AttributeError):
            return
        handler = getattr(self, name, None)
        if handler is None:
            logger.debug("Ignoring event %s on %s", message.get("type"), self.__class__.__name__)
            return
        await handler(message)

    async def realtime_logout(self, event):
        """The person logged out (this session or, with no key, everywhere) or was deactivated."""
        key = event.get("session_key")
        if key is None or key == self.session_key:
            await self.close_with(CLOSE_SESSION_ENDED)

    async def realtime_recheck(self, event):
        """Permissions may have changed; consumers bound to a community override this."""

    async def notifications_count(self, event):
        """Only the bell shows the count; other sockets of the person ignore it."""


def _unread_count(user_id) -> int:
    from notifications.models import Notification

    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def _user_still_active(user_id) -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id, is_active=True).exists()


class NotificationConsumer(HubConsumer):
    """``/ws/notifications/``: the signed-in person's unread count, live (group ``user.<id>``)."""

    async def authorise(self) -> bool:
        return self.user_id is not None and await database_sync_to_async(_user_still_active)(self.user_id)

    async def opened(self):
        # The count may have changed between the page render and this connect.
        count = await database_sync_to_async(_unread_count)(self.user_id)
        await self.send_json({"type": "count", "count": count})

    async def notifications_count(self, event):
        try:
            count = max(0, int(event.get("count", 0)))
        except (TypeError, ValueError):
            return
        await self.send_json({"type": "count", "count": count})
