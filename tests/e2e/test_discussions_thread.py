"""A member starts a thread with an image, replies, quotes, edits; another member reacts.
The thread page and the thread list pass axe (no serious/critical violations)."""

import io
import re

from PIL import Image

from tests.e2e.conftest import assert_accessible, login


def _png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (31, 122, 77)).save(out, format="PNG")
    return out.getvalue()


def test_discussions_thread_end_to_end(live_server_url, new_page):
    from accounts.tests.factories import PASSWORD, UserFactory
    from communities.tests.factories import CommunityFactory, MembershipFactory

    community = CommunityFactory(name="Groundwater Governance", slug="groundwater-governance")
    author = UserFactory(username="amina", display_name="Amina Diallo")
    reader = UserFactory(username="kofi", display_name="Kofi Mensah")
    for person in (author, reader):
        MembershipFactory(user=person, community=community)
    base = live_server_url

    page = new_page()
    login(page, base, author.email, PASSWORD)
    page.goto(f"{base}/c/{community.slug}/t/new/")
    page.fill("#id_title", "Piezometer readings in the dry season")
    page.check("#id_kind_1")  # question
    page.fill("#id_body", "How often do you read **piezometers** when wells run low? cc @kofi")
    page.wait_for_selector("#id_body-preview strong", timeout=10_000)  # live preview (htmx)
    assert_accessible(page, "new thread form")
    page.fill("#id_tags", "groundwater, monitoring")
    page.set_input_files(
        "#id_attachments", files=[{"name": "well-levels.png", "mimeType": "image/png", "buffer": _png_bytes()}]
    )
    page.click("form.composer-form button[type=submit]")
    page.wait_for_url(re.compile(r"/t/\d+-piezometer-readings-in-the-dry-season/"))
    assert page.locator("h1").inner_text().endswith("Piezometer readings in the dry season")
    thumb = page.locator("#p1 img.attachment-thumb")
    assert thumb.is_visible()
    assert page.evaluate("img => img.naturalWidth", thumb.element_handle()) > 0  # the thumbnail really loads
    thread_url = page.url.split("#")[0]

    # @mention autocomplete lists community members; Enter picks one.
    box = page.locator("#reply textarea[name=body]")
    box.click()
    box.type("Thanks @ko")
    page.wait_for_selector("#id_body-mentions [role=option]")
    assert "Kofi Mensah" in page.locator("#id_body-mentions").inner_text()
    box.press("Enter")
    assert page.input_value("#reply textarea[name=body]") == "Thanks @kofi "
    # Picked in the middle of the text: one space after the handle, never two.
    page.fill("#reply textarea[name=body]", "Ask  about wells")
    page.evaluate(
        "() => { const t = document.querySelector('#reply textarea[name=body]'); t.setSelectionRange(4, 4); }"
    )
    box.type("@ko")
    page.wait_for_selector("#id_body-mentions [role=option]")
    box.press("Enter")
    assert page.input_value("#reply textarea[name=body]") == "Ask @kofi about wells"

    # Reply.
    page.fill("#reply textarea[name=body]", "We read them weekly, daily during pumping tests.")
    page.click("#reply button[type=submit]")
    page.wait_for_selector("#p2")
    assert "weekly" in page.locator("#p2 .post-body").inner_text()

    # Quote-reply to the opening post: the quote links back to #1.
    page.locator("#p1 a", has_text="Quote").click()
    page.wait_for_function(
        "() => document.querySelector('#reply textarea[name=body]').value.includes('wrote in #1')", timeout=10_000
    )
    page.locator("#reply textarea[name=body]").press("End")
    page.locator("#reply textarea[name=body]").type("\nAgreed, weekly is a good default.")
    page.click("#reply button[type=submit]")
    page.wait_for_selector("#p3 blockquote")
    assert "/p/1/" in page.locator("#p3 blockquote a").first.get_attribute("href")

    # Edit the reply: it shows the "edited" marker.
    page.goto(thread_url)
    page.locator("#p2 .post-more summary").click()  # secondary actions live in the "More" menu
    page.locator("#p2 .post-more a", has_text="Edit").click()
    page.fill("#id_body", "We read them weekly, and daily during pumping tests (edited for clarity).")
    page.click("form.composer-form button[type=submit]")
    page.wait_for_selector("#p2 >> text=edited for clarity")
    assert page.locator("#p2 a", has_text="edited").is_visible()
    assert_accessible(page, "thread page")

    # Another member reacts (htmx toggle, counts update in place).
    other = new_page()
    login(other, base, reader.email, PASSWORD)
    other.goto(thread_url)
    like = other.locator("#p1 button[data-reaction=like]")
    like.click()
    other.wait_for_selector('#p1 button[data-reaction=like][aria-pressed="true"]')
    assert other.locator("#p1 button[data-reaction=like] .reaction-count").inner_text() == "1"
    assert_accessible(other, "thread page (reader)")

    # The thread list shows the thread, tags and the reader's unread marker.
    other.goto(f"{base}/c/{community.slug}/t/")
    assert other.locator("#community-threads").is_visible()
    assert other.locator(".thread-row", has_text="Piezometer readings").is_visible()
    assert_accessible(other, "thread list")
