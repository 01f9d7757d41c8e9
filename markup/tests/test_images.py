"""Remote images render as marked links; localise() shows a local copy in their place."""

import pytest

from markup import localise, relink_images, remote_image_urls, render_markdown, sanitise


def test_remote_image_is_a_marked_link_with_its_alt_text():
    html = render_markdown('![river & gauge](https://img.example/a.png?x=1&y=2 "At dawn")')
    assert html == (
        '<p><a href="https://img.example/a.png?x=1&amp;y=2" class="remote-image" title="At dawn"'
        ' rel="nofollow ugc noopener">river &amp; gauge</a></p>\n'
    )
    assert remote_image_urls(html) == ["https://img.example/a.png?x=1&y=2"]


def test_image_inside_a_link_is_a_marked_span():
    html = render_markdown("[![badge](https://img.example/b.png)](https://example.org)")
    assert '<a href="https://example.org" rel="nofollow ugc noopener"><span class="remote-image"' in html
    assert remote_image_urls(html) == ["https://img.example/b.png"]
    shown = localise(html, {"https://img.example/b.png": "/media/remote-images/b.png"})
    assert (
        '<a href="https://example.org" rel="nofollow ugc noopener"><img src="/media/remote-images/b.png" alt="badge"></a>'
        in shown
    )


def test_local_images_stay_and_other_schemes_leave_only_their_alt():
    assert '<img src="/media/attachments/a.png" alt="own">' in render_markdown("![own](/media/attachments/a.png)")
    for src in ("javascript:alert(1)", "data:image/png;base64,AAAA", "//evil.example/x.png", "ftp://x.example/a.png"):
        html = render_markdown(f"![alt]({src})")
        assert "<img" not in html and "remote-image" not in html


def test_localise_swaps_only_known_copies_and_stays_sanitised():
    html = render_markdown(
        "![a](https://img.example/a.png) ![b](https://img.example/b.png) ![](https://img.example/c.png)"
    )
    shown = localise(
        html,
        {
            "https://img.example/a.png": "/media/remote-images/a.png",
            "https://img.example/c.png": "/media/remote-images/c.png",
            "https://img.example/b.png": "https://elsewhere.example/b.png",  # not ours: ignored
        },
    )
    assert '<img src="/media/remote-images/a.png" alt="a">' in shown
    assert '<img src="/media/remote-images/c.png" alt="">' in shown
    assert '<a href="https://img.example/b.png" class="remote-image"' in shown
    assert remote_image_urls(shown) == ["https://img.example/b.png"]


@pytest.mark.parametrize(
    "typed",
    [
        '<a class="remote-image" href="https://x.example/a.png">x</a>',  # raw HTML is text, not markup
        '[x](https://x.example/a.png "remote-image")',
    ],
)
def test_members_cannot_forge_the_mark(typed):
    assert remote_image_urls(render_markdown(typed)) == []


def test_stored_html_with_remote_img_is_relinked():
    old = '<p><img src="https://img.example/a.png" alt="a"><img src="/media/x.png" alt="mine"></p>'
    html = sanitise(relink_images(old))
    assert '<a href="https://img.example/a.png" class="remote-image"' in html
    assert '<img src="/media/x.png" alt="mine">' in html
    assert '<img src="https' not in sanitise(old)  # sanitise alone already drops remote sources
