"""Search query syntax, parsed the way PostgreSQL's ``websearch_to_tsquery`` reads it.

``water "river basin" -drought OR flood`` means: *water* and the phrase *river basin*,
and not *drought*; ``OR`` joins the word before and after it into one alternative.
PostgreSQL parses the raw text itself; this parse drives the SQLite fallback and the
highlighting of snippets, so both backends accept exactly the same input.
"""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings

MAX_QUERY_LENGTH = settings.SEARCH_MAX_QUERY_LENGTH
MAX_TERMS = 12
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class ParsedQuery:
    """Required groups (each a list of alternatives; one must match) and excluded words/phrases."""

    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def positive_terms(self) -> list[str]:
        return [term for group in self.groups for term in group]

    def __bool__(self):
        return bool(self.groups)


def _clean(text: str) -> str:
    """Words only, lower-cased, single spaces (punctuation never reaches a LIKE)."""
    return " ".join(_WORD.findall(text.lower()))


def parse(raw: str) -> ParsedQuery:
    """Parse websearch syntax; an exclusion-only query has no groups (matches nothing)."""
    parsed = ParsedQuery()
    pending_or = False
    for match in _TOKEN.finditer(raw or ""):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if phrase is None:
            if word == "OR":
                pending_or = bool(parsed.groups)
                continue
            negated = "-" if word.startswith("-") and len(word) > 1 else ""
            phrase = word[1:] if negated else word
        term = _clean(phrase)
        if not term:
            continue
        if negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
        if len(parsed.positive_terms) + len(parsed.excluded) >= MAX_TERMS:
            break
    return parsed


@functools.cache
def _combining_marks() -> dict:
    """A str.translate table deleting every combining mark of the Basic Multilingual Plane."""
    return {cp: None for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))}


def fold(text: str) -> str:
    """Lower case without accents ("Gestión" -> "gestion"), as the SQLite fallback compares.

    Runs once per row and term in SQLite searches, so ASCII text (most posts) takes a fast path.
    """
    text = text or ""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFD", text).translate(_combining_marks()).lower()


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, the index of the character it came from."""
    out, positions = [], []
    for i, ch in enumerate(text):
        for folded in fold(ch):
            out.append(folded)
            positions.append(i)
    return "".join(out), positions


def highlight(text: str, terms: list[str], *, words: int = 40) -> str:
    """An escaped excerpt of ``text`` around the first hit, with every hit in <mark>."""
    text = " ".join(text.split())
    folded, positions = _folded_with_positions(text)
    found = [folded.find(fold(term)) for term in terms if term]
    hits = [positions[i] for i in found if i >= 0]
    start = 0
    if hits:
        first = min(hits)
        # Begin a few words before the first hit, on a word boundary.
        start = max(0, text.rfind(" ", 0, max(0, first - 60)) + 1)
    tokens = text[start:].split(" ")
    excerpt = " ".join(tokens[:words])
    prefix = "… " if start else ""
    suffix = " …" if len(tokens) > words else ""
    escaped = mark_terms(excerpt, terms)
    return prefix + escaped + suffix


def mark_terms(text: str, terms: list[str]) -> str:
    """Escape ``text`` and wrap each occurrence of a term (or phrase) in <mark>, ignoring case and accents."""
    words = sorted({fold(t) for t in terms if t and fold(t).strip()}, key=len, reverse=True)
    if not words or not text:
        return html.escape(text)
    folded, positions = _folded_with_positions(text)
    pattern = re.compile("|".join(r"\s+".join(map(re.escape, w.split())) for w in words))
    out, last = [], 0
    for m in pattern.finditer(folded):
        if m.end() == m.start():
            continue
        start, end = positions[m.start()], positions[m.end() - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # keep a decomposed accent inside the mark
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)
