"""Profiles that say who someone is, and a user card on hover or focus of any author name."""

from tests.e2e.conftest import assert_accessible, login


def test_user_card_on_hover_and_focus_and_a_profile_with_activity(live_server_url, new_page):
    from accounts.tests.factories import PASSWORD, UserFactory
    from communities.tests.factories import CommunityFactory, MembershipFactory
    from discussions import services

    community = CommunityFactory(name="Transboundary Basins", slug="basins")
    kofi = UserFactory(
        username="kofi.m", display_name="Kofi Mensah", organisation="Volta Basin Authority", country="GH"
    )
    kofi.expertise.set(["groundwater", "data sharing"])
    namesake = UserFactory(username="kofi.accra", display_name="Kofi Mensah")
    reader = UserFactory(username="lucia", display_name="Lucía Quispe")
    for person in (kofi, namesake, reader):
        MembershipFactory(user=person, community=community)
    thread = services.thread_create(author=kofi, community=community, title="Sharing flow data across borders",
                                    body="Which agreements let you share daily flows?")  # fmt: skip
    services.post_create(author=namesake, thread=thread, body="Ours is a memorandum between the two utilities.")
    base = live_server_url

    page = new_page()
    login(page, base, reader.email, PASSWORD)
    page.goto(f"{base}{thread.get_absolute_url()}")
    # Two members with one name are told apart by their handles.
    assert "@kofi.m" in page.locator("#p1 .post-head").inner_text()
    assert "@kofi.accra" in page.locator("#p2 .post-head").inner_text()

    page.locator("#p1 .post-head a", has_text="Kofi Mensah").hover()
    page.wait_for_selector("#user-card", timeout=10_000)
    text = page.locator("#user-card").inner_text()
    assert "@kofi.m" in text and "Volta Basin Authority" in text and "Ghana" in text and "groundwater" in text
    assert page.locator("#user-card a", has_text="Send a message").is_visible()
    assert_accessible(page, "thread page with a user card")

    # Keyboard: focusing the other name shows its card, Tab goes into it, Escape closes it.
    page.mouse.move(0, 0)
    page.locator("#p2 .post-head a", has_text="Kofi Mensah").focus()
    page.wait_for_function("() => (document.getElementById('user-card') || {}).innerText?.includes('@kofi.accra')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('user-card').contains(document.activeElement)")
    page.keyboard.press("Escape")
    page.wait_for_selector("#user-card", state="detached")

    # The profile tells what the member did, as this reader may read it.
    page.goto(f"{base}{kofi.get_absolute_url()}")
    assert "Sharing flow data across borders" in page.locator("#profile-threads").inner_text()
    assert "Transboundary Basins" in page.locator("#profile-communities").inner_text()
    assert "Last seen" not in page.locator(".profile-card").inner_text()  # Kofi has not been around
    assert_accessible(page, "profile with activity")
