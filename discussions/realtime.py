"""Push discussion events to open websockets, best effort (HTTP stays the truth).

Services call the ``broadcast_*`` functions inside ``transaction.on_commit``.  Each renders
the fragment once (the same template the page uses, without per-viewer controls: the
browser shows edit/flag from data attributes) and ``group_send``s it.  A channel-layer
failure (Redis down, full channel) is logged and never reaches the caller: the post is
saved, the page works, and the client's HTTP catch-up fills any hole it notices.

Groups (see DESIGN.md "realtime"):
  ``thread.<id>``            readers of one thread      (discussions.consumers.ThreadConsumer)
  ``community.<id>``         readers of a thread list   (discussions.consumers.CommunityConsumer)
  ``access.community.<id>``  every socket that depends on that community's permissions
  ``user.<id>``              every socket of a signed-in person (bell, revocation, logout)

Every post number yields exactly one ``thread.post_created`` event per subscriber:
readers who may not see the post (pending, hidden) receive a stub without HTML, so a
missing number on the client always means a lost message and triggers a resync.
"""

import asyncio
import logging
import time

from asgiref.sync import async_to_sync
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

POST_TEMPLATE = "discussions/_post.html"
REACTIONS_TEMPLATE = "discussions/_reactions.html"
# A blackholed Redis must not hold the committing request for long.
SEND_TIMEOUT = 2.0


# --- group names ---------------------------------------------------------------------------


def thread_group(thread_id) -> str:
    return f"thread.{int(thread_id)}"


def community_group(community_id) -> str:
    return f"community.{int(community_id)}"


def access_group(community_id) -> str:
    return f"access.community.{int(community_id)}"


def user_group(user_id) -> str:
    return f"user.{int(user_id)}"


# --- sending ---------------------------------------------------------------------------------


async def _group_send_many(layer, messages):
    from notifications.consumers import layer_call

    for group, event in messages:
        await asyncio.wait_for(layer_call(layer.group_send, group, event), timeout=SEND_TIMEOUT)


def send(*messages: tuple[str, dict]) -> bool:
    """``group_send`` each ``(group, event)``; False (and a log line) when the layer fails."""
    from channels.layers import get_channel_layer

    try:
        layer = get_channel_layer()
        if layer is None:
            return False
        async_to_sync(_group_send_many)(layer, messages)
        return True
    except Exception as exc:
        groups = ", ".join(group for group, _ in messages)
        # An outage the layer already reported (hub.layers.LayerUnavailable) needs no traceback.
        quiet = type(exc).__name__ == "LayerUnavailable"
        logger.warning("Realtime push to %s skipped: channel layer unavailable", groups, exc_info=not quiet)
        return False


# --- rendering -------------------------------------------------------------------------------


def post_is_public(post) -> bool:
    """Would an ordinary reader of the thread see this post?  (The rest go to moderators/author.)"""
    from discussions.models import PostStatus

    return post.status == PostStatus.PUBLISHED and not post.is_hidden


def post_fragment_context(post, *, request=None) -> dict:
    """The context ``discussions/_post.html`` gets for one post outside the thread page.

    ``realtime`` tells the fragment to render every control (edit, flag, reply) with its
    ``data-rt-show`` attribute instead of asking per-viewer permissions; realtime.js then
    shows what the current reader may use.
    """
    thread = post.thread
    return {
        "post": post,
        "thread": thread,
        "community": thread.community,
        "realtime": request is None,
        "request": request,
    }


def render_post(post, *, request=None) -> str:
    return render_to_string(POST_TEMPLATE, post_fragment_context(post, request=request), request=request)


def in_every_language(render, *, present=()) -> dict:
    """``{language: render()}`` for each offered language (``hub.i18n.offered_languages``)
    and each other site language among ``present`` (the thread's readers' page languages,
    e.g. Arabic under review): rendered once per language, never per reader; each socket
    picks its page's language (the default's when its language was not rendered)."""
    from django.utils import translation

    from hub import i18n

    codes = i18n.offered_languages()
    codes += sorted({code for code in present if code in i18n.site_languages()} - set(codes))
    rendered = {}
    for code in codes:
        with translation.override(code):
            rendered[code] = render()
    return rendered


def _languages_present(thread_id) -> set[str]:
    from discussions.realtime_access import languages_present

    return languages_present(thread_id)


def _post_event(post, event_type: str, *, at=None) -> dict:
    html = None
    try:
        html = in_every_language(lambda: render_post(post), present=_languages_present(post.thread_id))
    except Exception:
        # A template error must not lose the event: the stub makes clients resync over HTTP.
        logger.exception("Could not render post %s for a realtime push", post.pk)
    return {
        "type": event_type,
        "number": post.number,
        "post_id": post.pk,
        "author_id": post.author_id,
        "public": post_is_public(post),
        "html": html,
        # The thread's visible replies after this event, for the page header's count.
        "reply_count": post.thread.reply_count,
        # When the commit was announced (before loading and rendering): clients use it for
        # "new" marks, the fan-out benchmark for the commit-to-receipt latency.
        "at": at or time.time(),
    }


def _load_post(post):
    """The post with what ``_post.html`` reads (author, reply number, attachments, community)."""
    from django.db.models import F, Prefetch

    from discussions.models import Attachment, Post

    return (
        Post.objects.select_related("thread__community", "author")
        .annotate(reply_to_number=F("reply_to__number"))
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .get(pk=post.pk)
    )


# --- the contract the services call (on commit) ----------------------------------------------


def broadcast_post_created(post) -> None:
    """A new post in ``thread.<id>`` and a new-reply marker in ``community.<id>``."""
    at = time.time()
    try:
        post = _load_post(post)
        event = _post_event(post, "thread.post_created", at=at)
    except Exception:
        logger.exception("Realtime: could not prepare post %s", getattr(post, "pk", None))
        return
    messages = [(thread_group(post.thread_id), event)]
    if post_is_public(post) and post.number > 1 and not post.thread.is_hidden:
        messages.append(
            (
                community_group(post.thread.community_id),
                {
                    "type": "community.thread_activity",
                    "thread_id": post.thread_id,
                    "number": post.number,
                    "author_id": post.author_id,
                    "at": event["at"],
                },
            )
        )
    send(*messages)


def broadcast_post_updated(post) -> None:
    """An edit, soft deletion, hide/restore or approval of ``post``."""
    at = time.time()
    try:
        post = _load_post(post)
        event = _post_event(post, "thread.post_updated", at=at)
    except Exception:
        logger.exception("Realtime: could not prepare post %s", getattr(post, "pk", None))
        return
    send((thread_group(post.thread_id), event))


def broadcast_reactions(post) -> None:
    """New reaction counts of ``post`` (plus the read-only reaction bar for readers who cannot react)."""
    try:
        post = _load_post(post)
        counts = {str(k)[:40]: int(v) for k, v in (post.reaction_counts or {}).items() if isinstance(v, int)}
        context = {**post_fragment_context(post), "post": post}
        html = in_every_language(
            lambda: render_to_string(REACTIONS_TEMPLATE, context), present=_languages_present(post.thread_id)
        )
    except Exception:
        logger.exception("Realtime: could not prepare reactions of post %s", getattr(post, "pk", None))
        return
    send(
        (
            thread_group(post.thread_id),
            {
                "type": "thread.reactions",
                "number": post.number,
                "counts": counts,
                "html": html,
                "public": post_is_public(post),
                "author_id": post.author_id,
                "at": time.time(),
            },
        )
    )


def broadcast_thread_created(thread) -> None:
    """A new thread in ``community.<id>``."""
    send(
        (
            community_group(thread.community_id),
            {
                "type": "community.thread_created",
                "thread_id": thread.pk,
                "author_id": thread.author_id,
                "public": not thread.is_hidden,
                "at": time.time(),
            },
        )
    )


def broadcast_thread_updated(thread) -> None:
    """Pin/lock/hide/rename of ``thread`` (readers re-check their access: hiding revokes it)."""
    now = time.time()
    send(
        (
            thread_group(thread.pk),
            {
                "type": "thread.updated",
                "title": thread.title,
                "is_locked": thread.is_locked,
                "is_pinned": thread.is_pinned,
                "is_hidden": thread.is_hidden,
                "at": now,
            },
        ),
        (
            community_group(thread.community_id),
            {"type": "community.thread_updated", "thread_id": thread.pk, "public": not thread.is_hidden, "at": now},
        ),
    )


# --- access changes: communities/moderation services call these on commit --------------------


def revoke_community_access(user_id, community_id) -> None:
    """``user_id`` lost (or may have lost) access to ``community_id``: removal, ban, suspension,
    role change.  Their open sockets re-check their permissions at once and close with 4403
    when they may no longer read; suspended members keep reading but stop typing."""
    send((user_group(user_id), {"type": "realtime.recheck", "community_id": int(community_id), "at": time.time()}))


def community_visibility_changed(community_id) -> None:
    """The community turned private/hidden, was archived, or its rules changed: every socket
    that depends on it re-checks now (anonymous readers of a now-private community are closed)."""
    send(
        (
            access_group(community_id),
            {"type": "realtime.recheck", "community_id": int(community_id), "at": time.time()},
        )
    )


def close_user_sockets(user_id, *, session_key=None) -> None:
    """Close the sockets of ``user_id`` (one session's, or all when ``session_key`` is None):
    logout, deactivation, site-wide suspension, password change."""
    send((user_group(user_id), {"type": "realtime.logout", "session_key": session_key, "at": time.time()}))


@receiver(user_logged_out, dispatch_uid="realtime-close-sockets-on-logout")
def _close_sockets_on_logout(sender, request, user, **kwargs):
    # Sent before the session is flushed, so the key is still the one the sockets stored.
    if user is None or not getattr(user, "pk", None):
        return
    session = getattr(request, "session", None)
    close_user_sockets(user.pk, session_key=getattr(session, "session_key", None) or None)
