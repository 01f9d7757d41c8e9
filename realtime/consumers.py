"""The hardened websocket base every hub socket uses, and sockets bound to an access board.

Sockets only push: every write goes through HTTP + services.  Apps subclass ``HubConsumer``
(or ``BoardConsumer``) and add one handler per event type they receive (Channels' naming:
event ``thread.post_created`` -> method ``thread_post_created``); events without a handler
on a consumer are ignored.

Close codes the client understands (static/js/rt-socket.js stops reconnecting on 44xx):
  4401  the session ended (logout elsewhere in this browser, deactivation)
  4403  not allowed to read this (never was, or access was revoked while connected)
  4008  policy: too many or malformed frames;  4009: frame too large (final, like 44xx)
  4503  the channel layer is unavailable: retried with backoff
"""

import json
import logging
import time

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer

from hub.resilience import is_database_outage
from realtime import groups as group_names
from realtime.access import SESSION_ENDED
from realtime.languages import page_language
from realtime.layers import layer_call

logger = logging.getLogger(__name__)

# Application close codes live in 4000-4999: servers (daphne) refuse to send 1008/1009/1011.
CLOSE_POLICY = 4008
CLOSE_TOO_BIG = 4009
CLOSE_SESSION_ENDED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_UNAVAILABLE = 4503  # the channel layer is down: the client retries with backoff


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
        self.lang = page_language(self.scope)
        self.joined: list[str] = []
        self.closing = False
        self._frames: list[float] = []
        self._errors = 0
        try:
            allowed = await self.authorise()
        except Exception as exc:
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
            groups.insert(0, group_names.user(self.user_id))
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
        # Every app adds event types to the shared group user.<id> (the bell's count, a new
        # message...): an event this consumer has no handler for is ignored, not fatal.  Handlers
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


class BoardConsumer(HubConsumer):
    """A socket bound to one object (``url_kwarg`` of its route) whose readers are checked by
    an ``realtime.access.AccessBoard``: before each push, and at once on ``realtime.recheck``."""

    board = None
    url_kwarg = ""

    async def authorise(self) -> bool:
        try:
            self.obj_id = int(self.scope["url_route"]["kwargs"][self.url_kwarg])
        except (KeyError, TypeError, ValueError):
            return False
        self.community_id = None
        self.board.register(self.obj_id, self.user_id, self.session_key)
        self.registered = True
        # A verdict at most TTL old (as for every push): a thousand readers arriving at once
        # share one batched check instead of one each.
        verdict = await self.board.verdict(self.obj_id, self.user_id, self.session_key)
        self.verdict = verdict
        self.community_id = verdict.community_id
        return verdict.view

    async def closed(self):
        if getattr(self, "registered", False):
            self.registered = False
            self.board.unregister(self.obj_id, self.user_id, self.session_key)

    async def current(self, fresh_after=None):
        """The reader's verdict now; closes the socket (and returns None) when access is gone."""
        if self.closing:
            return None
        verdict = await self.board.verdict(self.obj_id, self.user_id, self.session_key, fresh_after=fresh_after)
        if verdict is SESSION_ENDED:
            await self.close_with(CLOSE_SESSION_ENDED)
            return None
        if not verdict.view:
            await self.close_with(CLOSE_FORBIDDEN)
            return None
        self.verdict = verdict
        return verdict

    async def realtime_recheck(self, event):
        community_id = event.get("community_id")
        if community_id is None or community_id == self.community_id:
            await self.current(fresh_after=float(event.get("at") or time.time()))

    def may_see(self, verdict, event) -> bool:
        """Content not public (pending, hidden) goes to moderators and its author only."""
        if event.get("public", True):
            return True
        return verdict.moderate or (self.user_id is not None and event.get("author_id") == self.user_id)
