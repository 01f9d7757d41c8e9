"""The markdown rules posts rely on (rendered once at save by markup.render_markdown)."""

import pytest

from discussions import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("source", "expected", "forbidden"),
    [
        ("[site](https://example.org)", 'rel="nofollow ugc noopener"', None),
        ("<https://example.org/a>", 'href="https://example.org/a"', None),
        ("[mail](mailto:a@example.org)", 'href="mailto:a@example.org"', None),
        ("[x](javascript:alert(1))", None, 'href="javascript'),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", None, 'href="data'),
        ("[x](vbscript:msgbox)", None, 'href="vbscript'),
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
        ('<img src=x onerror="alert(1)">', None, "<img"),
        # Remote images are links until the hub holds a copy (readers never load other hosts).
        ("![chart](https://example.org/c.png)", '<a href="https://example.org/c.png" class="remote-image"', "<img"),
        ("![chart](http://example.org/c.png)", 'class="remote-image"', 'src="http://'),
        ("![x](data:image/png;base64,AAAA)", None, "<img"),
        ("![own](/media/attachments/a.png)", 'src="/media/attachments/a.png"', None),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>", None),
        ("~~old~~", "<s>old</s>", None),
        ("```python\nprint(1)\n```", '<code class="language-python">', None),
    ],
)
def test_post_markdown_rules(thread, moderator, source, expected, forbidden):
    post = services.post_create(author=moderator, thread=thread, body=source)
    if expected:
        assert expected in post.body_html
    if forbidden:
        assert forbidden not in post.body_html
    assert post.body == source  # the source is kept for editing


def test_edit_rerenders_markdown(thread, member):
    post = thread.posts.get()
    services.post_edit(actor=member, post=post, body="Now with [a link](ftp://example.org) and **bold**")
    post.refresh_from_db()
    assert "<strong>bold</strong>" in post.body_html and "ftp:" not in post.body_html
