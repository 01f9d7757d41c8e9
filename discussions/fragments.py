"""Rendered posts of the thread page, cached and shared between readers.

A post's HTML depends on the post (and its author, attachments, reactions, thread) and on
a few per-reader facts: whether this reader may edit, react, accept, flag, message or
moderate it, which reactions are theirs, the page number in the reply links.  Those facts
form the cache key's *variant*, so the ordinary readers of a post all share one entry, and
its author and the moderators get theirs.

Freshness comes from the page cache's generations (``hub.pagecache``): the global one and
the thread's.  Any committed write anonymous readers could see in this thread (a post, an
edit, a reaction) bumps the thread's, anything else (a name change, a permission change, a
write whose place is unknown) the global one, and the thread's stored fragments are stale
at once.  Each entry is stored with the generations it was rendered at and used only while
they are still current.

The CSRF token inside a fragment (reaction and accept forms) is stored as a placeholder
and filled in with the current reader's token.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from discussions.pushes import POST_TEMPLATE
from hub import pagecache

logger = logging.getLogger(__name__)

KEY_PREFIX = "postfrag:"
TTL = 600


def variant(post, *, viewer, page_number, can_reply, rights, full_path) -> tuple:
    """Everything per reader that ``_post.html`` reads for this post."""
    own = viewer.is_authenticated and post.author_id == viewer.pk
    show_tools = "moderate" in getattr(post, "rights", ())
    return (
        own,
        str(getattr(post, "rights", "")),  # discussions.permissions.post_actions: every control
        bool(can_reply),
        bool(rights),
        tuple(sorted(getattr(post, "my_reactions", ()) or ())),
        page_number,
        full_path if show_tools else "",  # the moderator forms' "next" field
        viewer.is_authenticated,  # the bookmark link
    )


def render_in_context(context, post) -> str:
    """``_post.html`` for ``post`` inside the page's own template context (like an include)."""
    template = context.template.engine.get_template(POST_TEMPLATE)
    with context.push(post=post):
        return template.render(context)


class PostFragments:
    """The cached HTML of one page's posts: fetched in one cache call, filled in by the
    ``post_fragment`` template tag, and what was rendered stored by ``save()``."""

    def __init__(self, request, posts, *, page_number, can_reply, rights):
        self.enabled = True
        self.keys, self.found, self.fresh = {}, {}, {}
        self.generation = None
        language = translation.get_language() or ""
        zone = timezone.get_current_timezone_name()
        full_path = request.get_full_path()
        for post in posts:
            parts = variant(
                post, viewer=request.user, page_number=page_number, can_reply=can_reply, rights=rights,
                full_path=full_path,
            )  # fmt: skip
            digest = hashlib.blake2b(repr((language, zone, parts)).encode(), digest_size=12).hexdigest()
            self.keys[post.pk] = f"{KEY_PREFIX}{post.pk}:{digest}"
        if not self.keys:
            return
        deps = pagecache.dependency_keys([pagecache.thread_scope(posts[0].thread_id)])
        try:
            stored = cache.get_many([*deps, *self.keys.values()])
            self.generation = pagecache.stamp(stored, deps)
        except Exception:
            logger.warning("Post fragment cache unavailable; rendering every post", exc_info=True)
            self.enabled = False
            return
        self.found = {}
        for key in self.keys.values():
            entry = stored.get(key)
            if entry is not None and entry[0] == self.generation:
                self.found[key] = entry[1]

    def render(self, context, post):
        token = str(context.get("csrf_token") or "")
        key = self.keys.get(post.pk) if self.enabled else None
        html = self.found.get(key) if key else None
        if html is not None:
            return mark_safe(html.replace(pagecache.CSRF_MARK, token) if token else html)
        html = render_in_context(context, post)
        if key:
            self.fresh[key] = (self.generation, html.replace(token, pagecache.CSRF_MARK) if token else html)
        return html

    def save(self):
        if not (self.enabled and self.fresh):
            return
        try:
            cache.set_many(self.fresh, TTL)
        except Exception:
            logger.warning("Post fragments not stored", exc_info=True)
