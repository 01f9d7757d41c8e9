"""A post (or any rendered markdown) as plain text, made from its sanitised HTML exactly once.

Everywhere a post is summarised (moderation queue, search snippets, notification excerpts,
digests, emails, iCal descriptions) the text comes from here: tags removed, entities decoded
once (``&lt;`` becomes ``<``, never ``&amp;lt;``), blocks separated by a space, whitespace
collapsed, and the characters a member typed (``*``, ``_``, ``>``, ``#``, code) kept.  The
result is *text*: templates escape it once more on output, as they do any string.
"""

from html.parser import HTMLParser

# Elements whose end separates words (a paragraph, a list item, a cell...).
_BLOCKS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "div",
}  # fmt: skip
ELLIPSIS = "…"


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt:
                self.parts.append(f" {alt} ")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters on a word boundary, with an ellipsis when cut."""
    if limit is None or len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def plain_text(html: str, limit: int | None = None) -> str:
    """The readable text of sanitised HTML, optionally cut to ``limit`` characters."""
    if not html:
        return ""
    parser = _TextCollector()
    parser.feed(str(html))
    parser.close()
    text = " ".join("".join(parser.parts).split())
    return truncate(text, limit) if limit else text
