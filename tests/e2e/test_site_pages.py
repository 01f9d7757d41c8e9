"""Site pages in a browser: accessibility, directory search, small screens."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login


@pytest.fixture
def members(transactional_db):
    people = [
        UserFactory(display_name="Amina Diallo", organisation="Senegal River Basin", country="SN"),
        UserFactory(display_name="Kofi Mensah", organisation="Volta Basin Authority", country="GH"),
    ]
    people[0].expertise.set(["groundwater"])
    return people


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/members/", "/contact/", "/about/"])
def test_site_page_is_accessible(page, live_server_url, members, path):
    page.goto(live_server_url + path)
    assert page.locator("main#main").is_visible()
    assert_accessible(page, path)


def test_site_member_profile_is_accessible(page, live_server_url, members):
    page.goto(live_server_url + members[0].get_absolute_url())
    assert page.get_by_role("heading", name="Amina Diallo").is_visible()
    assert_accessible(page, "profile")


def test_site_directory_live_search(page, live_server_url, members):
    page.goto(live_server_url + "/members/")
    page.fill("#id_q", "volta")  # the directory search, not the navbar one
    results = page.locator("#directory-results")
    expect(results.get_by_text("Amina Diallo")).to_have_count(0)  # htmx swapped the results in
    expect(results.get_by_text("Kofi Mensah")).to_be_visible()
    assert "q=volta" in page.url  # the filtered list has a shareable address


@pytest.mark.parametrize("path", ["/", "/members/", "/accounts/login/", "/contact/"])
def test_site_fits_a_360px_screen(new_page, live_server_url, members, path):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(live_server_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"


def test_site_contact_form_errors_then_success(page, live_server_url):
    page.goto(live_server_url + "/contact/")
    page.fill("input[name=name]", "Priya Sharma")
    page.fill("input[name=email]", "priya@example.org")
    page.fill("input[name=subject]", "A community on aquifers")
    page.fill("textarea[name=message]", "Hi")
    page.click("main form button[type=submit]")
    assert page.get_by_text("at least 10 characters").is_visible()
    assert_accessible(page, "contact with errors")
    page.fill("textarea[name=message]", "We would like to co-convene a community on aquifer recharge.")
    page.click("main form button[type=submit]")
    assert page.get_by_text("Thank you").is_visible()


def test_site_account_settings_pages_are_accessible(page, live_server_url, members):
    login(page, live_server_url, members[0].email, PASSWORD)
    for path in ["/members/me/edit/", "/accounts/email/", "/accounts/password/change/", "/accounts/password/reset/"]:
        page.goto(live_server_url + path)
        assert page.locator("main h1").first.is_visible()
        assert_accessible(page, path)
