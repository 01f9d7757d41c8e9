"""Reading aids and polls in the browser: keyboard shortcuts, a bookmark with a reminder,
and a vote whose new counts reach a second reader live."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.e2e.conftest import assert_accessible, login

LIVE = 3_000  # ms


@pytest.fixture
def scene(live_server_url):
    from discussions.tests.realtime_helpers import add_post, make_community, make_member, make_thread

    community = make_community("public")
    amina = make_member(community, username="amina", display_name="Amina Diallo")
    kofi = make_member(community, username="kofi", display_name="Kofi Mensah")
    thread = make_thread(community, author=kofi)
    for i in range(3):
        add_post(thread, author=kofi, body=f"Observation {i + 2}: recharge rates after desilting the basin.")
    return {"community": community, "amina": amina, "kofi": kofi, "thread": thread, "base": live_server_url,
            "url": live_server_url + thread.get_absolute_url()}  # fmt: skip


def selected_number(page):
    return page.evaluate("() => { const el = document.querySelector('.post-selected'); return el && el.id; }")


def test_keyboard_shortcuts_on_a_thread(scene, page):
    from accounts.tests.factories import PASSWORD
    from discussions.models import Bookmark, Reaction

    login(page, scene["base"], scene["amina"].email, PASSWORD)
    page.goto(scene["url"])
    page.keyboard.press("j")
    assert selected_number(page) == "p1"
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert selected_number(page) == "p3"
    page.keyboard.press("k")
    assert selected_number(page) == "p2"
    # Modifier keys and typing never trigger a shortcut.
    page.keyboard.press("Control+j")
    assert selected_number(page) == "p2"
    page.focus("#reply textarea[name=body]")
    page.keyboard.type("jjk b l")
    assert selected_number(page) == "p2"
    assert page.input_value("#reply textarea[name=body]") == "jjk b l"
    page.evaluate("document.activeElement.blur()")
    page.fill("#reply textarea[name=body]", "")
    page.evaluate("document.activeElement.blur()")
    # ? opens the help dialog listing the keys.
    page.keyboard.press("Shift+?")
    dialog = page.locator("#shortcuts-help")
    dialog.wait_for(state="visible", timeout=LIVE)
    assert "Next post" in dialog.inner_text()
    assert_accessible(page, "thread with shortcuts help")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=LIVE)
    page.keyboard.press("Shift+?")  # opens again (loaded once)
    dialog.wait_for(state="visible", timeout=LIVE)
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=LIVE)
    # l likes the selected post (the post's own button), b bookmarks it.
    page.evaluate("document.getElementById('p2').focus()")
    page.keyboard.press("l")
    page.wait_for_selector("#p2 button[data-reaction=like][aria-pressed=true]", timeout=LIVE)
    assert Reaction.objects.filter(user=scene["amina"], post__number=2, kind="like").exists()
    page.evaluate("document.getElementById('p2').focus()")
    page.keyboard.press("b")
    page.wait_for_selector(
        "#p2 a[href$='/bookmark/'].is-bookmarked", state="attached", timeout=LIVE
    )  # inside the closed "More" menu
    assert Bookmark.objects.filter(user=scene["amina"], post__number=2).exists()
    page.keyboard.press("b")
    page.wait_for_selector(
        "#p2 a[href$='/bookmark/']:not(.is-bookmarked)", state="attached", timeout=LIVE
    )  # inside the closed "More" menu
    assert not Bookmark.objects.filter(user=scene["amina"]).exists()
    # q quotes the selected post into the reply box, r replies to it.
    page.evaluate("document.getElementById('p3').focus()")
    page.keyboard.press("j")  # from the focused post: the selection moves on to #p4
    assert selected_number(page) == "p4"
    page.keyboard.press("k")
    assert selected_number(page) == "p3"
    page.keyboard.press("q")
    page.wait_for_function(
        "() => (document.querySelector('#reply textarea[name=body]').value || '').includes('Observation 3')",
        timeout=LIVE,
    )
    page.goto(scene["url"])
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.wait_for_function(
        "() => location.search.includes('reply_to=2') || document.body.textContent.includes('Replying to #2')",
        timeout=LIVE,
    )


def test_bookmark_with_reminder(scene, page):
    from accounts.tests.factories import PASSWORD
    from discussions.models import Bookmark
    from discussions.services.bookmarks import bookmark_reminders_send

    login(page, scene["base"], scene["amina"].email, PASSWORD)
    # The member's home page leads with Latest; the Latest page lists the thread too.
    page.goto(scene["base"] + "/")
    assert page.locator("#latest-list").get_by_role("link", name=scene["thread"].title).is_visible()
    assert_accessible(page, "home page, member view")
    page.goto(scene["base"] + "/latest/")
    page.get_by_role("link", name=scene["thread"].title).click()
    page.wait_for_url(f"**{scene['thread'].get_absolute_url()}")
    assert_accessible(page, "thread page")
    page.locator("#p3").get_by_text("More", exact=True).click()  # the post's secondary actions
    page.locator("#p3").get_by_role("link", name="Bookmark", exact=True).click()
    page.wait_for_selector("input[name=remind_at]")
    assert_accessible(page, "bookmark form")
    when = timezone.localtime() + dt.timedelta(days=1)
    page.fill("input[name=remind_at]", when.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=note]", "Compare with our basin")
    page.get_by_role("button", name="Save bookmark").click()
    page.wait_for_load_state("domcontentloaded")
    assert "#p3" in page.url
    page.wait_for_selector("#p3 a[href$='/bookmark/'].is-bookmarked", state="attached")  # inside the closed "More" menu
    page.goto(scene["base"] + "/bookmarks/")
    row = page.locator("#bookmark-list li").first
    assert "Compare with our basin" in row.inner_text() and "Reminder on" in row.inner_text()
    assert_accessible(page, "bookmarks page")
    # The reminder comes due: the beat task's service notifies once.
    Bookmark.objects.update(remind_at=timezone.now() - dt.timedelta(seconds=1))
    assert bookmark_reminders_send() == 1
    page.goto(scene["base"] + "/notifications/")
    assert "Reminder: #3" in page.content()
    # Edit the reminder away, then remove the bookmark from the list.
    page.goto(scene["base"] + "/bookmarks/")
    page.get_by_role("link", name="Edit reminder of #3").click()
    page.fill("input[name=remind_at]", "")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url("**/bookmarks/")
    assert "No reminder" in page.locator("#bookmark-list").inner_text()
    page.get_by_role("button", name="Remove bookmark of #3").click()
    page.wait_for_url("**/bookmarks/")
    assert not Bookmark.objects.exists()
    assert "No bookmarks yet" in page.content()


def test_poll_vote_updates_a_second_reader_live(scene, new_page):
    from accounts.tests.factories import PASSWORD
    from discussions import services
    from discussions.services.polls import poll_clean, poll_vote

    community, amina, kofi = scene["community"], scene["amina"], scene["kofi"]
    thread = services.thread_create(
        author=kofi, community=community, title="Which drought index do you use?", body="Vote below, then explain.",
        poll=poll_clean(question="Your index?", options=["SPI", "SPEI", "Palmer"]),
    )  # fmt: skip
    spi, spei, _palmer = thread.poll.options.order_by("position")
    poll_vote(voter=kofi, poll=thread.poll, option_ids=[spi.pk])
    url = scene["base"] + thread.get_absolute_url()
    watcher, voter = new_page(), new_page()
    login(watcher, scene["base"], kofi.email, PASSWORD)
    login(voter, scene["base"], amina.email, PASSWORD)
    watcher.goto(url)
    voter.goto(url)
    watcher.wait_for_selector("#rt-presence:has-text('2')", timeout=10_000)
    watcher.evaluate("window.__notReloaded = true")
    assert watcher.locator(f"[data-poll-option='{spei.pk}'] [data-poll-count]").inner_text() == "0"
    assert voter.locator("[data-poll-option]").count() == 0  # no results before voting
    assert_accessible(voter, "poll before voting")
    voter.get_by_label("SPEI").check()
    voter.get_by_role("button", name="Vote").click()
    voter.wait_for_selector(f"[data-poll-option='{spei.pk}']")
    assert voter.locator(f"[data-poll-option='{spei.pk}'] [data-poll-count]").inner_text() == "1"
    watcher.wait_for_function(
        f"() => document.querySelector(\"[data-poll-option='{spei.pk}'] [data-poll-count]\").textContent === '1'",
        timeout=LIVE,
    )
    assert watcher.locator(f"[data-poll-option='{spei.pk}'] [data-poll-percent]").inner_text() == "50"
    assert "2 voters" in watcher.locator("[data-poll-voters]").inner_text()
    assert watcher.evaluate("window.__notReloaded") is True
    assert_accessible(watcher, "poll results")
