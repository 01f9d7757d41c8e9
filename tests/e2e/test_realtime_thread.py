"""Two people on one thread: replies appear live, typing shows, a dropped socket misses nothing."""

import re

import pytest

from tests.e2e.conftest import assert_accessible, open_live_thread, post_reply

LIVE = 2_000  # ms: a reply must appear on the other screen within this


@pytest.fixture
def scene(live_server_url, new_page):
    return open_live_thread(live_server_url, new_page)


def test_reply_appears_live_with_typing_indicator(scene):
    writer, reader = scene["writer"], scene["reader"]

    writer.locator("#reply textarea[name=body]").type("Our district")
    reader.wait_for_selector("#rt-typing:has-text('Amina Diallo')", timeout=LIVE)
    assert writer.locator("#rt-typing").inner_text() == ""  # never shown to the typer

    post_reply(writer, "Our district switched to weekly piezometer readings.")
    reader.wait_for_selector("#p2", timeout=LIVE)
    assert "weekly piezometer" in reader.locator("#p2 .post-body").inner_text()
    assert reader.evaluate("window.__notReloaded") is True  # no reload happened
    # Announced politely, focus untouched, the typing line cleared by the post.
    reader.wait_for_function(
        "() => document.getElementById('rt-announce').textContent.includes('New reply by Amina Diallo')",
        timeout=LIVE,
    )
    assert reader.evaluate("document.activeElement === document.body")
    assert reader.locator("#rt-typing").inner_text() == ""
    # The push brings Kofi's rights (the server's): he may reply and flag, not edit Amina's post.
    post = reader.locator("#p2")
    assert post.get_by_role("link", name="Reply", exact=True).is_visible()
    post.locator(".post-more summary").click()  # the secondary actions: Flag, not Edit
    assert not post.get_by_role("link", name="Edit", exact=True).is_visible()
    flag = post.get_by_role("link", name="Flag post #2 for the moderators", exact=True)  # as on the page
    assert flag.is_visible()
    assert post.get_attribute("data-rights") == "reply quote react flag message bookmark"
    post.locator(".post-more summary").press("Escape")
    assert not flag.is_visible()
    assert_accessible(reader, "live thread")


def test_dropped_connection_catches_up_without_duplicates(scene):
    writer, reader = scene["writer"], scene["reader"]
    reader.evaluate("window.hubRealtime.socket.close()")  # offline: pushes are missed
    post_reply(writer, "First reply while Kofi was offline.")
    post_reply(writer, "Second reply while Kofi was offline.")
    reader.evaluate("() => { const s = window.hubRealtime.socket; s.stopped = false; s.start(); }")
    reader.wait_for_selector("#p3", timeout=5_000)
    numbers = reader.eval_on_selector_all("#post-list [data-post-number]", "els => els.map(e => e.dataset.postNumber)")
    assert numbers == ["1", "2", "3"]
    post_reply(writer, "Third reply, pushed live again.")
    reader.wait_for_selector("#p4", timeout=LIVE)
    numbers = reader.eval_on_selector_all("#post-list [data-post-number]", "els => els.map(e => e.dataset.postNumber)")
    assert numbers == ["1", "2", "3", "4"]


def test_gap_in_numbers_is_filled_over_http(scene):
    from discussions.tests.realtime_helpers import add_post

    writer, reader = scene["writer"], scene["reader"]
    add_post(scene["thread"], body="A reply whose push was lost.")  # #2, never broadcast
    post_reply(writer, "A reply that is pushed.")  # #3: the reader notices #2 is missing
    reader.wait_for_selector("#p2", timeout=5_000)
    numbers = reader.eval_on_selector_all("#post-list [data-post-number]", "els => els.map(e => e.dataset.postNumber)")
    assert numbers == ["1", "2", "3"]


def test_reader_scrolled_up_gets_a_pill_not_a_jump(scene):
    from discussions.tests.realtime_helpers import add_post

    writer, reader = scene["writer"], scene["reader"]
    for n in range(12):
        add_post(scene["thread"], body=f"Earlier field note {n}: " + "rainfall was below average. " * 20)
    reader.reload()
    reader.wait_for_selector("#rt-presence:has-text('2')", timeout=10_000)
    reader.evaluate("window.scrollTo(0, 0)")
    post_reply(writer, "A new reply while Kofi reads the top of the thread.")
    pill = reader.locator("#rt-pill")
    pill.wait_for(state="visible", timeout=LIVE)
    assert re.search(r"1 new reply", pill.inner_text())
    assert reader.evaluate("window.scrollY") == 0
    pill.click()
    reader.wait_for_function("() => document.activeElement && document.activeElement.id === 'p14'", timeout=LIVE)
    assert not pill.is_visible()
