from django.template import Context, Template

from markup import plain_text, render_markdown
from markup.plain import truncate

SOURCE = "Use `a < b && c > d` in **bold**, *em*, snake_case and a > b & c.\n\n```\nif x<y: print('*_*')\n```"


def test_plain_text_keeps_what_was_written():
    text = plain_text(render_markdown(SOURCE))
    assert text == "Use a < b && c > d in bold, em, snake_case and a > b & c. if x<y: print('*_*')"


def test_plain_text_decodes_entities_exactly_once():
    assert plain_text(render_markdown("&lt;tag&gt; &amp;amp; 5 * 3")) == "<tag> &amp; 5 * 3"
    assert plain_text("<p>&amp;lt;</p>") == "&lt;"


def test_plain_text_separates_blocks_and_keeps_image_alt():
    html = render_markdown("# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert plain_text(html) == "Title one two a b 1 2"
    assert plain_text('<p>see<img src="/media/x.png" alt="a map"></p>') == "see a map"


def test_plain_text_truncates_on_a_word_with_ellipsis():
    text = plain_text(render_markdown("one two three four five six"), 14)
    assert text == "one two three…"
    assert len(text) <= 14
    assert truncate("short", 10) == "short"
    assert plain_text("") == ""


def test_plain_text_filter_is_escaped_once_by_the_template():
    html = render_markdown("a > b & `x<y` snake_case *")
    out = Template("{% load markup_tags %}{{ html|plain_text:100 }}").render(Context({"html": html}))
    assert out == "a &gt; b &amp; x&lt;y snake_case *"
