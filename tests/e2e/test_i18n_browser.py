"""The hub in French, Spanish and Arabic in a real browser: no English interface text outside
member content, the right ``lang`` and direction, accessible; Arabic mirrored."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory
from discussions.tests.factories import make_thread
from moderation.tests.factories import add_member
from notifications.services import notify
from tests.e2e.conftest import assert_accessible, login


def make_world(lang):
    community = CommunityFactory(name="Niger Basin Water Forum", slug=f"niger-{lang}")
    member = add_member(community, UserFactory(display_name="Aïssata Touré", preferred_language=lang), role=Role.MEMBER)
    other = add_member(community, UserFactory(display_name="Mamadou Keïta"))
    thread = make_thread(community, other, replies=1, reply_author=member, title="Crues du fleuve Niger à Niamey")
    notify(recipient=member, kind="reply", text="Mamadou Keïta", url=thread.get_absolute_url(), actor=other)
    return community, member, thread


def leftovers(page, lang):
    from hub.tests.english import english_leftovers

    return english_leftovers(page.content(), lang)


def check(page, lang, name):
    assert page.locator("html").get_attribute("lang") == lang, name
    assert page.locator("html").get_attribute("dir") == "ltr", name
    assert leftovers(page, lang) == [], f"English text on {name} ({lang})"
    assert_accessible(page, f"{name} ({lang})")


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_pages_read_fully_in_the_language(live_server_url, page, lang):
    community, member, thread = make_world(lang)
    base = f"{live_server_url}/{lang}"

    page.goto(f"{base}/accounts/signup/")
    check(page, lang, "sign-up")

    login(page, live_server_url, member.email, PASSWORD)
    assert page.url.startswith(base + "/"), "the member's language applies at login"
    pages = {
        "home": "/",
        "directory": "/c/",
        "community": community.get_absolute_url(),
        "thread": thread.get_absolute_url(),
        "new thread": f"/c/{community.slug}/t/new/",
        "notifications": "/notifications/",
        "profile": member.get_absolute_url(),
        "events": "/events/",
        "knowledge": "/knowledge/",
        "programme": "/programme/",
    }
    for name, path in pages.items():
        page.goto(base + path)
        assert page.url.startswith(base), name
        check(page, lang, name)


def test_switcher_keeps_the_page_and_english_stays_chosen(live_server_url, page):
    community, _member, _thread = make_world("fr")
    page.goto(f"{live_server_url}/fr{community.get_absolute_url()}")
    footer = page.locator("footer")
    footer.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.url.endswith(f"/es{community.get_absolute_url()}")
    footer.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(community.get_absolute_url()) and "/es/" not in page.url
    page.goto(live_server_url + "/c/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_arabic_renders_mirrored(live_server_url, new_page, tmp_path):
    community, member, thread = make_world("ar")
    page = new_page()
    page.set_viewport_size({"width": 1200, "height": 900})
    for lang, direction in (("en", "ltr"), ("ar", "rtl")):
        prefix = "" if lang == "en" else f"/{lang}"
        page.goto(live_server_url + prefix + thread.get_absolute_url())
        expect(page.locator("html")).to_have_attribute("dir", direction)
        page.screenshot(path=str(tmp_path / f"thread-{lang}.png"), full_page=True)
        head = page.locator("article.post").first.locator("header.post-head")
        avatar = head.locator(".avatar, img, span").first.bounding_box()
        name = head.locator("h2").bounding_box()
        brand = page.locator(".navbar-brand").bounding_box()
        width = page.viewport_size["width"]
        if direction == "rtl":
            # The avatar column and the brand are on the right, the post's name to their left.
            assert avatar["x"] > name["x"], "avatar on the right of the author's name"
            assert brand["x"] > width / 2
            sheet = page.evaluate("[...document.styleSheets].map(s => s.href || '').join(' ')")
            assert "bootstrap.rtl.min.css" in sheet
            assert page.locator("header nav").get_by_text("المجتمعات").is_visible()
        else:
            assert avatar["x"] < name["x"] and brand["x"] < width / 2
    assert (tmp_path / "thread-ar.png").stat().st_size > 10_000
