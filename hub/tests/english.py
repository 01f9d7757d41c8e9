"""Find English interface text left in a page rendered in another language.

A text node (or a label-like attribute) that is exactly an English msgid which the
language's catalogues (the hub's, allauth's, Django's) translate differently was shown
untranslated.  Member content is never a msgid of the catalogues, so it does not count.
"""

from html.parser import HTMLParser

from django.utils import translation

ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
SKIP = {"script", "style", "template"}
# Words that stay the same in every language (product and proper names, codes).
ALLOWED = {"Action Hub", "Email", "E-mail", "OK", "Markdown", "IWRM"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Texts(HTMLParser):
    """Text nodes and label attributes, leaving out scripts and anything marked as being in
    another language (``lang="en"`` on the switcher's "English", quoted member content)."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.texts, self._skip, self._stack = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other = "lang" in attrs and (attrs["lang"] or "").split("-")[0] != self.language and tag != "html"
        if tag not in VOID:
            self._stack.append((tag, tag in SKIP or other))
            if tag in SKIP or other:
                self._skip += 1
        if self._skip or other:
            return
        for name, value in attrs.items():
            if name in ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, skipped = self._stack.pop()
            if skipped:
                self._skip -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def visible_texts(html: str, language: str = "") -> list[str]:
    parser = _Texts(language)
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts if t.strip()]


def english_leftovers(html: str, language: str) -> list[str]:
    found = []
    with translation.override(language):
        for text in visible_texts(html, language):
            if text in ALLOWED or not any(c.isalpha() for c in text):
                continue
            if translation.gettext(text) != text:
                found.append(text)
    return sorted(set(found))
