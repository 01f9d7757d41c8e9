"""Sections that other apps add to a member's public profile (recent posts, communities...).

accounts sits at the bottom of the dependency graph, so it cannot import the apps above it;
they register a callback instead, usually in their ``AppConfig.ready()``::

    from accounts import profile_sections

    def recent_posts(*, member, viewer, request):
        posts = posts_visible_to(viewer, Post.objects.filter(author=member))[:5]
        if not posts:
            return None
        return render_to_string("discussions/_profile_posts.html", {"posts": posts}, request=request)

    profile_sections.register("discussions.recent_posts", recent_posts, order=20)

A section must show only what ``viewer`` may read; return None (or "") to show nothing.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    key: str
    render: Callable
    order: int


_SECTIONS: dict[str, Section] = {}


def register(key: str, render: Callable, *, order: int = 50) -> None:
    """Add (or replace) a profile section; ``render(*, member, viewer, request)`` returns HTML."""
    _SECTIONS[key] = Section(key=key, render=render, order=order)


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def render_sections(*, member, viewer, request) -> list[SafeString]:
    """Every registered section's HTML for this member as seen by ``viewer``, in order.

    One broken section is logged and skipped; the profile page still renders."""
    html = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        try:
            fragment = section.render(member=member, viewer=viewer, request=request)
        except Exception:
            logger.exception("Profile section %s failed for member %s", section.key, member.pk)
            continue
        if fragment:
            html.append(mark_safe(fragment))  # noqa: S308 - rendered by the app's own template
    return html
