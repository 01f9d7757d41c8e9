"""Comparing two charter versions: lines first, then words within each changed line.

``difflib.HtmlDiff`` marks the characters that differ and pads with ``&nbsp;``, so a reader
sees fragments of words.  Here unchanged lines are kept as context (long runs folded), a
changed line is compared word by word, and the template marks every addition with ``<ins>``
and every removal with ``<del>`` (with a spoken label), so the change is not colour alone.
"""

import difflib
import re
from dataclasses import dataclass, field

# A word, a run of spaces, or one punctuation mark: changes are shown on these boundaries.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
CONTEXT = 2
# Below this similarity two lines are shown as one removed and one added, not as one edited line.
PAIR_RATIO = 0.4


@dataclass
class Segment:
    kind: str  # "same" | "ins" | "del"
    text: str


@dataclass
class Row:
    kind: str  # "same" | "added" | "removed" | "changed" | "gap"
    old_number: int | None = None
    new_number: int | None = None
    segments: list[Segment] = field(default_factory=list)
    folded: int = 0  # for "gap": how many unchanged lines are not shown


def word_segments(old: str, new: str) -> list[Segment]:
    """``old`` turned into ``new`` as runs of kept, removed and added words."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []

    def add(kind, tokens):
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1].kind == kind:
            segments[-1].text += text
        else:
            segments.append(Segment(kind, text))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            add("same", a[i1:i2])
        else:
            add("del", a[i1:i2])
            add("ins", b[j1:j2])
    return segments


def _ratio(old: str, new: str) -> float:
    return difflib.SequenceMatcher(None, _TOKEN.findall(old), _TOKEN.findall(new), autojunk=False).ratio()


def _replaced(old_lines, new_lines, i1, j1):
    """Rows for a block of changed lines: similar pairs as edited lines, the rest added/removed."""
    rows = []
    for k in range(max(len(old_lines), len(new_lines))):
        old = old_lines[k] if k < len(old_lines) else None
        new = new_lines[k] if k < len(new_lines) else None
        if old is not None and new is not None and _ratio(old, new) >= PAIR_RATIO:
            rows.append(Row("changed", i1 + k + 1, j1 + k + 1, word_segments(old, new)))
            continue
        if old is not None:
            rows.append(Row("removed", i1 + k + 1, None, [Segment("del", old)] if old else []))
        if new is not None:
            rows.append(Row("added", None, j1 + k + 1, [Segment("ins", new)] if new else []))
    return rows


def line_diff(old_text: str, new_text: str, *, context: int = CONTEXT) -> list[Row]:
    """The rows to show: changes, ``context`` unchanged lines around them, folded gaps between."""
    old_lines, new_lines = (old_text or "").splitlines(), (new_text or "").splitlines()
    rows: list[Row] = []
    opcodes = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            same = [Row("same", i1 + k + 1, j1 + k + 1, [Segment("same", old_lines[i1 + k])]) for k in range(i2 - i1)]
            head = same[:context] if index > 0 else []
            tail = same[-context:] if index < len(opcodes) - 1 and context else []
            if len(head) + len(tail) >= len(same):
                rows.extend(same)
            else:
                rows.extend(head)
                rows.append(Row("gap", folded=len(same) - len(head) - len(tail)))
                rows.extend(tail)
        elif op == "delete":
            rows.extend(Row("removed", i + 1, None, [Segment("del", old_lines[i])]) for i in range(i1, i2))
        elif op == "insert":
            rows.extend(Row("added", None, j + 1, [Segment("ins", new_lines[j])]) for j in range(j1, j2))
        else:
            rows.extend(_replaced(old_lines[i1:i2], new_lines[j1:j2], i1, j1))
    return rows


def has_changes(rows: list[Row]) -> bool:
    return any(row.kind in ("added", "removed", "changed") for row in rows)
