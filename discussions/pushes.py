"""The discussion events pushed to open websockets, best effort (HTTP stays the truth).

Services schedule the ``broadcast_*`` functions with ``hub.effects.on_commit``.  Each loads
its post once (one query with what the template reads), renders it once per language with
the page's own template (``_post.html`` with every control, hidden: each socket sends the
reader's allowed actions along, computed by ``discussions.permissions.post_actions``, and
realtime.js keeps only those) and sends it with ``realtime.push`` (a failing channel layer is
logged, never raised).

Groups (``realtime.groups``): ``thread.<id>`` (readers of one thread), ``community.<id>``
(readers of a thread list); access changes go through ``realtime.push``.

Every post number yields exactly one ``thread.post_created`` event per subscriber:
readers who may not see the post (pending, hidden) receive a stub without HTML, so a
missing number on the client always means a lost message and triggers a resync.
"""

import logging
import time

from django.db.models import F, Prefetch
from django.template.loader import render_to_string

from discussions import permissions as dp
from discussions.models import Attachment, Post, PostStatus, Thread
from realtime import groups, push
from realtime.languages import in_every_language
from realtime.presence import languages_present

logger = logging.getLogger(__name__)

POST_TEMPLATE = "discussions/_post.html"
REACTIONS_TEMPLATE = "discussions/_reactions.html"


# --- rendering -------------------------------------------------------------------------------


def post_is_public(post) -> bool:
    """Would an ordinary reader of the thread see this post?  (The rest go to moderators/author.)"""
    return post.status == PostStatus.PUBLISHED and not post.is_hidden


def pushed_context(post) -> dict:
    """The context of ``_post.html`` (and ``_reactions.html``) for a post pushed to every
    reader: every control the post can have, hidden; each socket sends its reader's rights."""
    post.rights = dp.EVERY_POST_ACTION
    thread = post.thread
    return {"post": post, "thread": thread, "community": thread.community, "realtime": True}


def render_post(post) -> str:
    return render_to_string(POST_TEMPLATE, pushed_context(post))


def load_post(post_id):
    """The post with what ``_post.html`` reads (thread, community, author, reply number,
    attachments): one query and one for the attachments; None when it is gone."""
    return (
        Post.objects.select_related("thread__community", "author")
        .annotate(reply_to_number=F("reply_to__number"))
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .filter(pk=post_id)
        .first()
    )


def _post_event(post, event_type: str, *, at=None) -> dict:
    html = None
    try:
        html = in_every_language(lambda: render_post(post), present=languages_present(post.thread_id))
    except Exception:
        # A template error must not lose the event: the stub makes clients resync over HTTP.
        logger.exception("Could not render post %s for a realtime push", post.pk)
    return {
        "type": event_type,
        "number": post.number,
        "post_id": post.pk,
        "author_id": post.author_id,
        "public": post_is_public(post),
        # What discussions.permissions.post_actions reads of the post: each socket computes
        # its reader's allowed actions from these and the reader's ThreadRights.
        "facts": dp.PostFacts.of(post)._asdict(),
        "html": html,
        # The thread's visible replies after this event, for the page header's count.
        "reply_count": post.thread.reply_count,
        # When the commit was announced (before loading and rendering): clients use it for
        # "new" marks, the fan-out benchmark for the commit-to-receipt latency.
        "at": at or time.time(),
    }


def _post_id(post):
    return post if isinstance(post, int) else post.pk


# --- the contract the services call (on commit); each takes a post/thread or its id ----------


def broadcast_post_created(post) -> None:
    """A new post in ``thread.<id>`` and a new-reply marker in ``community.<id>``."""
    at = time.time()
    post = load_post(_post_id(post))
    if post is None:
        return
    event = _post_event(post, "thread.post_created", at=at)
    messages = [(groups.thread(post.thread_id), event)]
    if post_is_public(post) and post.number > 1 and not post.thread.is_hidden:
        messages.append(
            (
                groups.community(post.thread.community_id),
                {
                    "type": "community.thread_activity",
                    "thread_id": post.thread_id,
                    "number": post.number,
                    "author_id": post.author_id,
                    "at": event["at"],
                },
            )
        )
    push.send_many(*messages)


def broadcast_post_updated(post) -> None:
    """An edit, soft deletion, hide/restore or approval of ``post``."""
    at = time.time()
    post = load_post(_post_id(post))
    if post is not None:
        push.send(groups.thread(post.thread_id), _post_event(post, "thread.post_updated", at=at))


def broadcast_reactions(post) -> None:
    """New reaction counts of ``post`` (plus the read-only reaction bar for readers who cannot react)."""
    post = load_post(_post_id(post))
    if post is None:
        return
    counts = {str(k)[:40]: int(v) for k, v in (post.reaction_counts or {}).items() if isinstance(v, int)}
    context = pushed_context(post)
    html = in_every_language(
        lambda: render_to_string(REACTIONS_TEMPLATE, context), present=languages_present(post.thread_id)
    )
    push.send(
        groups.thread(post.thread_id),
        {
            "type": "thread.reactions",
            "number": post.number,
            "counts": counts,
            "html": html,
            "public": post_is_public(post),
            "author_id": post.author_id,
            "facts": dp.PostFacts.of(post)._asdict(),
            "at": time.time(),
        },
    )


def _thread(thread):
    if isinstance(thread, Thread):
        return thread
    return Thread.objects.select_related("community").filter(pk=thread).first()


def broadcast_thread_created(thread) -> None:
    """A new thread in ``community.<id>``."""
    thread = _thread(thread)
    if thread is None:
        return
    push.send(
        groups.community(thread.community_id),
        {
            "type": "community.thread_created",
            "thread_id": thread.pk,
            "author_id": thread.author_id,
            "public": not thread.is_hidden,
            "at": time.time(),
        },
    )


def broadcast_thread_updated(thread) -> None:
    """Pin/lock/hide/rename of ``thread`` (readers re-check their access: hiding revokes it)."""
    thread = _thread(thread)
    if thread is None:
        return
    now = time.time()
    push.send_many(
        (
            groups.thread(thread.pk),
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
            groups.community(thread.community_id),
            {"type": "community.thread_updated", "thread_id": thread.pk, "public": not thread.is_hidden, "at": now},
        ),
    )
