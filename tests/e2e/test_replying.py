"""Replying without losing anything: Reply and Quote in place, quote at the cursor, the reply
sent without a reload, drafts restored on another device and forgotten once posted."""

from tests.e2e.conftest import assert_accessible, login


def test_reply_and_quote_in_place_with_a_draft_that_follows_the_member(live_server_url, new_page):
    from accounts.tests.factories import PASSWORD, UserFactory
    from communities.tests.factories import CommunityFactory, MembershipFactory
    from discussions import services
    from discussions.models import Draft

    community = CommunityFactory(name="Wetlands Restoration", slug="wetlands")
    amina = UserFactory(username="amina", display_name="Amina Diallo")
    kofi = UserFactory(username="kofi", display_name="Kofi Mensah")
    for person in (amina, kofi):
        MembershipFactory(user=person, community=community)
    thread = services.thread_create(
        author=kofi, community=community, title="Reed beds after the flood", body="Our reed beds silted up.\nIdeas?"
    )
    base = live_server_url

    page = new_page()
    login(page, base, amina.email, PASSWORD)
    page.goto(f"{base}{thread.get_absolute_url()}")
    page.evaluate("window.__samePage = true")
    box = page.locator("#reply textarea[name=body]")

    # Typing is saved as a draft on the server without any click.
    box.fill("We dredged ours in March.")
    page.wait_for_selector("[data-draft-status] >> text=Draft saved", timeout=10_000)
    assert Draft.objects.get(user=amina, thread=thread).body == "We dredged ours in March."

    # Another device (a second browser context) finds the draft in the reply box.
    other = new_page()
    login(other, base, amina.email, PASSWORD)
    other.goto(f"{base}{thread.get_absolute_url()}")
    assert other.input_value("#reply textarea[name=body]") == "We dredged ours in March."
    assert "Your draft was restored." in other.locator("[data-draft-status]").inner_text()
    assert_accessible(other, "thread page with a restored draft")

    # Quote inserts at the cursor of the text being written, without a reload.
    page.evaluate(
        "() => { const t = document.querySelector('#reply textarea[name=body]'); t.setSelectionRange(0, 0); }"
    )
    page.locator("#p1 a", has_text="Quote").click()
    page.wait_for_function(
        "() => document.querySelector('#reply textarea[name=body]').value.includes('wrote in #1')", timeout=10_000
    )
    value = page.input_value("#reply textarea[name=body]")
    assert value.startswith("> [Kofi Mensah wrote in #1]") and value.rstrip().endswith("We dredged ours in March.")
    assert page.locator("#reply-context").is_visible() and "#1" in page.locator("#reply-context").inner_text()

    # Send: the reply appears in place, the box empties, the page was not reloaded.
    page.click("#reply button[type=submit]")
    page.wait_for_selector("#p2 blockquote", timeout=10_000)
    page.wait_for_function("() => document.querySelector('#reply textarea[name=body]').value === ''")
    assert page.evaluate("window.__samePage") is True
    assert "In reply to #1" in page.locator("#p2").inner_text()
    assert "1 reply" in page.locator("#thread-reply-count").inner_text()
    assert page.locator("#rt-pill").is_hidden()
    assert not Draft.objects.filter(user=amina).exists()
    # The other open page gets the reply live, with the header's count brought up to date.
    other.wait_for_selector("#p2", timeout=10_000)
    other.wait_for_function("() => document.querySelector('#thread-reply-count').textContent.includes('1 reply')")

    # Reply to a post: the target is shown and can be cleared; a second reply still posts.
    page.locator("#p1 a", has_text="Reply").first.click()
    assert "Replying to #1" in page.locator("#reply-context").inner_text()
    box.fill("And we planted Phragmites again.")
    page.click("#reply button[type=submit]")
    page.wait_for_selector("#p3", timeout=10_000)
    assert page.evaluate("window.__samePage") is True
    assert "Phragmites" in page.locator("#p3 .post-body").inner_text()
    assert_accessible(page, "thread page after inline replies")

    # An empty reply gets its message in place and loses nothing else.
    box.fill("   ")
    page.click("#reply button[type=submit]")
    page.wait_for_selector("#reply-error:not([hidden])", timeout=10_000)
    assert page.locator("#reply-error").inner_text().strip()

    # Discarding a draft forgets it on the server too.
    box.fill("Not sure about this one")
    page.wait_for_selector("[data-draft-discard]:not([hidden])", timeout=10_000)
    page.click("[data-draft-discard]")
    page.wait_for_selector("[data-draft-status] >> text=Draft discarded", timeout=10_000)
    assert page.input_value("#reply textarea[name=body]") == ""
    assert not Draft.objects.filter(user=amina).exists()


def test_new_thread_draft_survives_leaving_the_page(live_server_url, new_page):
    from accounts.tests.factories import PASSWORD, UserFactory
    from communities.tests.factories import CommunityFactory, MembershipFactory

    community = CommunityFactory(name="Drought Early Warning", slug="drought")
    member = UserFactory(username="lucia", display_name="Lucía Quispe")
    MembershipFactory(user=member, community=community)
    page = new_page()
    login(page, live_server_url, member.email, PASSWORD)
    page.goto(f"{live_server_url}/c/{community.slug}/t/new/")
    page.fill("#id_title", "Seasonal forecasts for herders")
    page.fill("#id_body", "Which forecasts reach herders in time?")
    # Leaving at once: the pending save goes out on the way (no prompt, nothing lost).
    page.goto(f"{live_server_url}/c/{community.slug}/")
    page.goto(f"{live_server_url}/c/{community.slug}/t/new/")
    assert page.input_value("#id_title") == "Seasonal forecasts for herders"
    assert page.input_value("#id_body") == "Which forecasts reach herders in time?"
    assert_accessible(page, "new thread form with a restored draft")
