"""The charter diff: lines, then words within changed lines, marked with <ins>/<del>."""

import pytest
from django.template.loader import render_to_string

from training.diff import Segment, has_changes, line_diff, word_segments


def test_word_segments_show_whole_words_changed_within_a_line():
    segments = word_segments("We meet every month in Dakar.", "We meet every second week in Dakar.")
    assert segments == [
        Segment("same", "We meet every "),
        Segment("del", "month"),
        Segment("ins", "second week"),
        Segment("same", " in Dakar."),
    ]


def test_word_segments_keep_spacing_and_punctuation():
    segments = word_segments("a,  b", "a;  b")
    assert segments == [Segment("same", "a"), Segment("del", ","), Segment("ins", ";"), Segment("same", "  b")]


def test_line_diff_pairs_edited_lines_and_folds_unchanged_ones():
    old = "\n".join(["Title", *[f"Line {n}" for n in range(1, 11)], "Members meet monthly."])
    new = "\n".join(["Title", *[f"Line {n}" for n in range(1, 11)], "Members meet weekly.", "New closing line."])
    rows = line_diff(old, new)
    kinds = [row.kind for row in rows]
    assert kinds == ["gap", "same", "same", "changed", "added"]
    assert rows[0].folded == 9
    changed = rows[3]
    assert (changed.old_number, changed.new_number) == (12, 12)
    assert Segment("del", "monthly") in changed.segments and Segment("ins", "weekly") in changed.segments
    assert rows[4].segments == [Segment("ins", "New closing line.")] and rows[4].new_number == 13


def test_line_diff_shows_unrelated_rewrites_as_removed_and_added():
    rows = line_diff("Completely different words here", "Nothing alike at all, truly")
    assert [row.kind for row in rows] == ["removed", "added"]


def test_line_diff_of_identical_texts_has_no_changes():
    rows = line_diff("same\ntext", "same\ntext")
    assert not has_changes(rows)


@pytest.mark.parametrize("text", ["a < b & c", "<script>alert(1)</script>"])
def test_diff_table_marks_changes_accessibly_and_escapes(text):
    class V:
        def __init__(self, number):
            self.number = number

    rows = line_diff(f"Intro\n{text} old", f"Intro\n{text} new")
    html = render_to_string(
        "training/_charter_diff_table.html", {"rows": rows, "changed": True, "old": V(1), "new": V(2)}
    )
    assert '<del><span class="visually-hidden">removed: </span>old</del>' in html
    assert '<ins><span class="visually-hidden">added: </span>new</ins>' in html
    assert "Changed line:" in html and "&nbsp;" not in html
    assert "<script>" not in html and "&lt;" in html
