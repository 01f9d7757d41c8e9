"""Search in a real browser: a reply written through the page is found from the navbar."""

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Membership, MembershipStatus
from discussions.services import thread_create
from search.tests.conftest import make_community
from tests.e2e.conftest import assert_accessible, login


def test_search_finds_a_new_post(page, live_server_url):
    base = live_server_url
    member = UserFactory(display_name="Sara Searcher")
    community = make_community(name="Wetland Restoration")
    Membership.objects.create(user=member, community=community, status=MembershipStatus.ACTIVE)
    thread = thread_create(
        author=member, community=community, title="Reed beds for greywater", body="Reed beds filter greywater."
    )

    login(page, base, member.email, PASSWORD)
    page.goto(base + thread.get_absolute_url())
    page.fill("textarea[name=body]", "Our pilot used *Phragmites* in a constructed wetland near the estuary.")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state("domcontentloaded")

    page.fill("#nav-search", "phragmites estuary")
    page.press("#nav-search", "Enter")
    page.wait_for_url("**/search/?q=*")
    hit = page.locator(".search-hit").first
    assert "Reed beds for greywater" in hit.inner_text()
    assert hit.locator("mark").count() >= 1
    assert page.locator("#results-heading").inner_text().strip() == "1 post found"
    assert_accessible(page, "search results")

    # Filters open, a bad date gives a message (not an error page), and the page stays accessible.
    page.goto(f"{base}/search/?q=greywater&date_from=2024-02-30")
    assert "Enter a valid date" in page.content()
    assert_accessible(page, "search with an invalid filter")

    hit_link = page.goto(f"{base}/search/?q=phragmites")
    assert hit_link.status == 200
    page.locator(".search-hit a").first.click()
    page.wait_for_load_state("domcontentloaded")
    assert "Phragmites" in page.content()
