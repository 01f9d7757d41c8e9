"""Websocket consumers of discussions: one thread's readers, and one community's thread list.

Push only.  The groups a socket joins come from its URL and the permission functions,
never from anything the client sends.  Before each push the reader's verdict is
re-checked (batched per process by a ``realtime.access`` board: ``thread`` is registered
here, ``community`` by realtime), so revoked access stops delivery within a second even when
nobody announced the change; announced changes (``realtime.push.recheck_member_access`` and
``recheck_community_access``) re-check immediately.

A thread reader's verdict carries their ``discussions.permissions.ThreadRights``; each pushed
post goes out with the reader's allowed actions on it (``post_actions``), which realtime.js
applies to the shared HTML.
"""

import asyncio
import json
import logging
import time

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from discussions import permissions as dp
from discussions.models import Thread
from realtime import access, groups
from realtime.access import DENIED, Verdict, community_access
from realtime.consumers import BoardConsumer
from realtime.languages import pick_language
from realtime.layers import layer_call
from realtime.presence import presence

logger = logging.getLogger(__name__)

TYPING_MIN_INTERVAL = 2.5  # seconds between two typing events of one socket
# Every thread socket hears the thread's latest post number this often, from its own process
# (one query for all the threads open in the process), whether or not Redis works: a reader
# whose pushes were lost (channel layer down, full queue) catches up over HTTP within seconds.
HEARTBEAT_INTERVAL = 5.0
# Serialised post events of this process, keyed by event and variant (see ThreadConsumer._post).
_TEXTS: dict = {}
TEXTS_KEPT = 256


def thread_verdicts(thread_id, user_ids, session_keys):
    """The ``thread`` board's batch: each reader's verdict on one thread (three queries)."""
    thread = Thread.objects.select_related("community").filter(pk=thread_id).first()
    if thread is None:
        return dict.fromkeys(user_ids, DENIED), set()
    community = thread.community
    verdicts = {}
    for uid, user in access.readers(community, user_ids):
        if user is None:
            verdicts[uid] = DENIED
            continue
        rights = dp.thread_rights(user, thread)
        verdicts[uid] = Verdict(
            view=dp.can_view_thread(user, thread),
            moderate=rights.moderate,
            reply=rights.reply,
            name=str(user) if uid else "",
            community_id=community.pk,
            rights=rights,
        )
    return verdicts, access.ended_sessions(session_keys)


thread_access = access.register_board("thread", thread_verdicts)


class ThreadConsumer(BoardConsumer):
    """``/ws/threads/<thread_id>/``: new and changed posts, reactions, presence, typing."""

    board = thread_access
    url_kwarg = "thread_id"

    def groups_for(self):
        return [groups.thread(self.obj_id), groups.community_access(self.community_id)]

    async def opened(self):
        self._typed_at = 0.0
        reader = self.user_id if self.user_id is not None else f"anon:{self.channel_name}"
        self.in_presence = True
        presence.join(self.obj_id, self.channel_name, reader, _announce_presence, language=self.lang)
        heartbeats().add(self)

    async def closed(self):
        heartbeats().discard(self)
        if getattr(self, "in_presence", False):
            self.in_presence = False
            presence.leave(self.obj_id, self.channel_name, _announce_presence)
        await super().closed()

    async def close_with(self, code):
        heartbeats().discard(self)
        if getattr(self, "in_presence", False):
            self.in_presence = False
            presence.leave(self.obj_id, self.channel_name, _announce_presence)
        await super().close_with(code)

    async def heartbeat(self, last):
        """``{"type": "heartbeat", "last": N}``: the thread's highest post number (the client
        fetches what it has not shown, see static/js/realtime.js)."""
        verdict = await self.current()
        if verdict is not None and not self.closing:
            await self.send_json({"type": "heartbeat", "last": int(last)})

    # --- from the client ------------------------------------------------------------------

    async def on_message(self, data):
        if data["type"] != "typing":
            await self.send_error("unknown-type")
            return
        now = time.monotonic()
        if now - self._typed_at < TYPING_MIN_INTERVAL:
            return  # throttled silently: the client sends at most one every few seconds
        verdict = await self.current()
        if verdict is None:
            return
        if not verdict.reply:
            await self.send_error("not-allowed")
            return
        self._typed_at = now
        try:
            await layer_call(
                self.channel_layer.group_send,
                groups.thread(self.obj_id),
                {"type": "thread.typing", "user_id": self.user_id, "name": verdict.name[:80], "at": time.time()},
            )
        except Exception:
            logger.warning("Typing event for thread %s dropped", self.obj_id, exc_info=True)

    # --- server events --------------------------------------------------------------------

    async def _post(self, event, kind):
        verdict = await self.current()
        if verdict is None:
            return
        visible = self.may_see(verdict, event)
        rights = self.rights_on(verdict, event) if visible else ""
        # One event reaches every socket of this process: serialise each variant
        # (language x visible x rights) once per process, not once per reader.
        key = (kind, event["number"], event.get("post_id"), event.get("at"), self.lang, visible, rights)
        text = _TEXTS.get(key) if event.get("at") else None
        if text is None:
            # "at": when the server pushed it (right after the commit), for "new" marks and latency.
            message = {"type": kind, "number": event["number"], "html": None, "at": round(event.get("at") or 0, 3)}
            html = pick_language(event.get("html"), self.lang)
            if visible and html is not None:
                message.update(html=html, id=event.get("post_id"), author_id=event.get("author_id"), rights=rights)
                if event.get("reply_count") is not None:
                    message["reply_count"] = event["reply_count"]
            text = json.dumps(message, separators=(",", ":"))
            if event.get("at"):  # identifies the event (the push time); without it, no reuse
                if len(_TEXTS) >= TEXTS_KEPT:
                    _TEXTS.clear()
                _TEXTS[key] = text
        if not self.closing:
            await self.send(text_data=text)

    async def thread_post_created(self, event):
        await self._post(event, "post_created")

    async def thread_post_updated(self, event):
        await self._post(event, "post_updated")

    async def thread_reactions(self, event):
        verdict = await self.current()
        if verdict is not None and self.may_see(verdict, event):
            await self.send_json(
                {
                    "type": "reactions",
                    "number": event["number"],
                    "counts": event.get("counts", {}),
                    "html": pick_language(event.get("html"), self.lang),
                    "rights": self.rights_on(verdict, event),
                }
            )

    @staticmethod
    def rights_on(verdict, event) -> str:
        """The reader's allowed actions on the pushed post (its ``data-rights``)."""
        if not event.get("facts") or verdict.rights is None:
            return ""
        return str(dp.post_actions(verdict.rights, dp.PostFacts(**event["facts"])))

    async def thread_updated(self, event):
        # Hiding a thread revokes ordinary readers' access: re-check before telling anyone.
        verdict = await self.current(fresh_after=float(event.get("at") or time.time()))
        if verdict is not None:
            fields = ("title", "is_locked", "is_pinned", "is_hidden")
            await self.send_json({"type": "thread_updated", **{k: event.get(k) for k in fields}})

    async def thread_poll(self, event):
        """A poll's new counts: to readers who voted (or everyone once it closed); others get
        only the number of voters, which the page shows to every reader."""
        verdict = await self.current()
        if verdict is None:
            return
        poll_id = int(event.get("poll_id") or 0)
        voted = getattr(self, "_polls_voted", None)
        if voted is None:
            voted = self._polls_voted = set()
        show = bool(event.get("closed")) or poll_id in voted
        if not show and self.user_id is not None:
            from discussions.polls import has_voted

            show = await database_sync_to_async(has_voted)(poll_id, self.user_id)
            if show:
                voted.add(poll_id)  # votes can change but not be withdrawn: no need to ask again
        counts = event.get("counts") if show else None
        await self.send_json(
            {"type": "poll", "poll_id": poll_id, "voters": int(event.get("voters") or 0), "counts": counts,
             "closed": bool(event.get("closed"))}
        )  # fmt: skip

    async def thread_presence(self, event):
        await self.send_json({"type": "presence", "count": int(event.get("count", 0))})

    async def thread_typing(self, event):
        if event.get("user_id") == self.user_id:
            return  # never shown to the typer (in any of their tabs)
        verdict = await self.current()
        if verdict is not None:
            await self.send_json({"type": "typing", "user_id": event.get("user_id"), "name": event.get("name", "")})


class Heartbeats:
    """The thread sockets of one event loop (process) and the task that beats for them."""

    def __init__(self, interval=None):
        self.interval = interval
        self.sockets: dict[int, set] = {}
        self.task = None

    def add(self, consumer):
        self.sockets.setdefault(consumer.obj_id, set()).add(consumer)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def discard(self, consumer):
        readers = self.sockets.get(getattr(consumer, "obj_id", None))
        if readers is not None:
            readers.discard(consumer)
            if not readers:
                del self.sockets[consumer.obj_id]
        if not self.sockets and self.task is not None:
            self.task.cancel()
            self.task = None

    async def _run(self):
        from django.conf import settings

        while self.sockets:
            await asyncio.sleep(self.interval or getattr(settings, "REALTIME_HEARTBEAT_SECONDS", HEARTBEAT_INTERVAL))
            try:
                await self.tick()
            except Exception as exc:
                from hub.resilience import is_database_outage

                # The database is down or saturated: one line per beat, the pages report the rest.
                logger.warning("Thread heartbeat skipped", exc_info=not is_database_outage(exc))

    async def tick(self):
        """One beat: one query for every open thread, then one frame per socket."""
        if not self.sockets:
            return
        latest = await database_sync_to_async(_latest_numbers)(list(self.sockets))
        for thread_id, readers in list(self.sockets.items()):
            if thread_id not in latest:
                continue
            for consumer in list(readers):
                try:
                    await consumer.heartbeat(latest[thread_id])
                except Exception:
                    logger.info("Heartbeat to a thread socket failed", exc_info=True)


def _latest_numbers(thread_ids) -> dict:
    return dict(Thread.objects.filter(pk__in=thread_ids).values_list("pk", "post_count"))


_heartbeats: dict = {}


def heartbeats() -> Heartbeats:
    """This event loop's heartbeat registry (each server process runs one loop)."""
    loop = asyncio.get_running_loop()
    registry = _heartbeats.get(loop)
    if registry is None:
        for old in [key for key in _heartbeats if key.is_closed()]:
            del _heartbeats[old]
        registry = _heartbeats[loop] = Heartbeats()
    return registry


async def _announce_presence(thread_id, count):
    layer = get_channel_layer()
    try:
        await layer_call(layer.group_send, groups.thread(thread_id), {"type": "thread.presence", "count": count})
    except Exception:
        logger.warning("Presence count for thread %s not sent", thread_id, exc_info=True)


class CommunityConsumer(BoardConsumer):
    """``/ws/communities/<community_id>/``: new threads and replies for the "N new" bar."""

    board = community_access
    url_kwarg = "community_id"

    def groups_for(self):
        return [groups.community(self.obj_id), groups.community_access(self.obj_id)]

    async def community_thread_created(self, event):
        verdict = await self.current()
        if verdict is not None and self.may_see(verdict, event):
            await self.send_json({"type": "thread_created", "thread_id": event["thread_id"]})

    async def community_thread_activity(self, event):
        verdict = await self.current()
        if verdict is not None:
            await self.send_json({"type": "reply", "thread_id": event["thread_id"], "number": event.get("number")})

    async def community_thread_updated(self, event):
        verdict = await self.current()
        if verdict is not None and self.may_see(verdict, event):
            await self.send_json({"type": "thread_updated", "thread_id": event["thread_id"]})
