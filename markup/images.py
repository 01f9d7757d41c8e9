"""Images in member-written markdown: only the hub's own copies are ever loaded by a reader.

An image from another host would tell that host when, and from which address, each reader
opened the page (a tracking pixel; in a private message, a read receipt).  So a remote image
is rendered as a *link* marked ``class="remote-image"``; the ``remoteimages`` app fetches a
copy in the background and ``localise_images`` turns the marked link into an ``<img>`` that
points at the copy.  An image inside a link (a badge) becomes a marked ``<span>`` instead,
since links cannot nest.  Images under ``/media/`` (our uploads) are shown as they are.
"""

import html
import re

from markdown_it.common.utils import escapeHtml

LOCAL_IMAGE = re.compile(r"^/media/[^\s\"'<>\\]*$")
REMOTE_IMAGE = re.compile(r"^https?://[^\s\"'<>\\]+$", re.I)
MAX_URL = 2000
MARK_CLASS = "remote-image"

# The marked elements exactly as sanitise() writes them (attributes in our order, values
# escaped); nothing a member types can produce a class attribute (raw HTML is off).
_MARKED = re.compile(r'<(?P<tag>a|span) (?P<attrs>[^>]*\bclass="' + MARK_CLASS + r'"[^>]*)>(?P<label>[^<]*)</(?P=tag)>')
_ATTR = re.compile(r'\b(?P<name>href|data-src|title)="(?P<value>[^"]*)"')
# <img> elements with a src that is not ours (HTML stored before remote images were linked).
_FOREIGN_IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>")


def is_remote(src: str) -> bool:
    return bool(src) and len(src) <= MAX_URL and bool(REMOTE_IMAGE.match(src))


def render_image(self, tokens, idx, options, env):
    """markdown-it render rule for ``image`` tokens (bound to the renderer)."""
    token = tokens[idx]
    src = (token.attrGet("src") or "").strip()
    alt = self.renderInlineAsText(token.children or [], options, env)
    title = token.attrGet("title") or ""
    title_attr = f' title="{escapeHtml(title)}"' if title else ""
    if LOCAL_IMAGE.match(src):
        return f'<img src="{escapeHtml(src)}" alt="{escapeHtml(alt)}"{title_attr}>'
    if not is_remote(src):
        return escapeHtml(alt)
    label = escapeHtml(alt or src)
    if token.meta.get("in_link"):
        return f'<span class="{MARK_CLASS}" data-src="{escapeHtml(src)}"{title_attr}>{label}</span>'
    return f'<a href="{escapeHtml(src)}" class="{MARK_CLASS}"{title_attr}>{label}</a>'


def mark_images_in_links(tokens) -> None:
    """Tell ``render_image`` which images sit inside a link (they cannot become links)."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        depth = 0
        for child in token.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth = max(0, depth - 1)
            elif child.type == "image" and depth:
                child.meta["in_link"] = True


def _attrs(text: str) -> dict:
    return {m.group("name"): html.unescape(m.group("value")) for m in _ATTR.finditer(text)}


def remote_image_urls(rendered: str) -> list[str]:
    """The remote images of rendered HTML still waiting for a local copy, in order, once each."""
    urls = []
    for match in _MARKED.finditer(rendered or ""):
        attrs = _attrs(match.group("attrs"))
        url = attrs.get("href") if match.group("tag") == "a" else attrs.get("data-src")
        if url and is_remote(url) and url not in urls:
            urls.append(url)
    return urls


def localise_images(rendered: str, copies: dict) -> str:
    """``rendered`` with each marked remote image whose URL is in ``copies`` (URL -> local path)
    shown as an ``<img>`` of the local copy; the others stay links.  Not sanitised: the caller
    passes the result through ``sanitise``."""

    def replace(match):
        attrs = _attrs(match.group("attrs"))
        url = attrs.get("href") if match.group("tag") == "a" else attrs.get("data-src")
        local = copies.get(url)
        if not local or not LOCAL_IMAGE.match(local):
            return match.group(0)
        alt = html.unescape(match.group("label"))
        if alt == url:
            alt = ""
        title = attrs.get("title")
        title_attr = f' title="{html.escape(title)}"' if title else ""
        return f'<img src="{html.escape(local)}" alt="{html.escape(alt)}"{title_attr}>'

    return _MARKED.sub(replace, rendered or "")


def relink_images(rendered: str) -> str:
    """Stored HTML with ``<img src="https://...">`` from other hosts turned into marked links
    (for HTML rendered before remote images were linked).  Not sanitised: the caller does."""

    def replace(match):
        attrs = {
            name: html.unescape(value)
            for name, value in re.findall(r'\b(src|alt|title)="([^"]*)"', match.group("attrs"))
        }
        src = attrs.get("src", "")
        if LOCAL_IMAGE.match(src):
            return match.group(0)
        alt = attrs.get("alt", "")
        if not is_remote(src):
            return html.escape(alt)
        title = attrs.get("title")
        title_attr = f' title="{html.escape(title)}"' if title else ""
        return f'<a href="{html.escape(src)}" class="{MARK_CLASS}"{title_attr}>{html.escape(alt or src)}</a>'

    return _FOREIGN_IMG.sub(replace, rendered or "")
