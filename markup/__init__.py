"""Markdown to safe HTML, rendered once when content is saved.

CommonMark + tables + strikethrough + autolinks + fenced code (markdown-it-py), then
sanitised by nh3 with an allowlist.  Links get rel="nofollow ugc noopener"; only
http(s)/mailto links survive.  Images load only from our own media: an image from another
host is rendered as a marked link until the hub holds a copy (``markup.images``).
"""

import re

import nh3
from markdown_it import MarkdownIt

from markup.images import (
    is_remote,
    localise_images,
    mark_images_in_links,
    relink_images,
    remote_image_urls,
    render_image,
)
from markup.plain import plain_text

__all__ = [
    "is_remote",
    "localise",
    "plain_text",
    "relink_images",
    "remote_image_urls",
    "render_markdown",
    "sanitise",
]

_md = MarkdownIt("commonmark", {"linkify": True, "typographer": False, "html": False}).enable(
    ["table", "strikethrough", "linkify"]
)
_md.add_render_rule("image", render_image)

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "data-post"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
    "span": {"class", "data-src", "title"},
    "blockquote": {"class", "data-source"},
}
_IMAGE_SRC = re.compile(r"^/media/", re.I)


def _attribute_filter(tag, attr, value):
    if tag == "img" and attr == "src" and not _IMAGE_SRC.match(value):
        return None
    if tag == "span" and attr == "data-src" and not is_remote(value):
        return None

    if attr == "style" and value not in {"text-align:left", "text-align:center", "text-align:right"}:
        return None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Render member-written markdown to sanitised HTML."""
    env = {}
    tokens = _md.parse(source or "", env)
    mark_images_in_links(tokens)
    for token in tokens:
        # The page's title is its only <h1>: a member's "# Heading" becomes an <h2>.
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return sanitise(_md.renderer.render(tokens, _md.options, env))


def localise(rendered: str, copies: dict) -> str:
    """Rendered HTML with the remote images that have a local copy (URL -> /media/ path) shown."""
    return sanitise(localise_images(rendered, copies))
