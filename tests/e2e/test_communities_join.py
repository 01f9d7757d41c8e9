"""Browser: ask to join a request-only community, get approved by a moderator, read it."""

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory, MembershipFactory, PartnerFactory
from tests.e2e.conftest import assert_accessible, login


def test_request_to_join_approved_by_moderator(new_page, live_server_url):
    community = CommunityFactory(
        name="Groundwater Governance",
        slug="groundwater-governance",
        visibility="private",
        join_policy="request",
        topics=["groundwater"],
    )
    PartnerFactory(community=community, name="Hydrology Research Centre")
    moderator = UserFactory(email="mod@example.org", display_name="Kofi Mensah")
    MembershipFactory(community=community, user=moderator, role=Role.MODERATOR)
    UserFactory(email="applicant@example.org", display_name="Priya Sharma")
    base = live_server_url

    applicant_page = new_page()
    login(applicant_page, base, "applicant@example.org", PASSWORD)
    applicant_page.goto(f"{base}/c/")
    assert_accessible(applicant_page, "directory")
    applicant_page.get_by_role("link", name="Groundwater Governance").click()
    assert applicant_page.get_by_text("This community is private").is_visible()
    assert_accessible(applicant_page, "private community, outsider")
    applicant_page.get_by_role("link", name="Ask to join").click()
    applicant_page.get_by_label("Message to the moderators (optional)").fill("I map aquifers in the Sahel.")
    applicant_page.get_by_role("button", name="Send request").click()
    assert applicant_page.get_by_text("Your request was sent").is_visible()
    assert applicant_page.get_by_text("Request pending").first.is_visible()

    moderator_page = new_page()
    login(moderator_page, base, "mod@example.org", PASSWORD)
    moderator_page.goto(f"{base}/c/groundwater-governance/requests/")
    assert moderator_page.get_by_text("I map aquifers in the Sahel.").is_visible()
    assert_accessible(moderator_page, "join requests")
    moderator_page.get_by_role("button", name="Approve Priya Sharma").click()
    assert moderator_page.get_by_text("Approved 1 request.").is_visible()
    moderator_page.goto(f"{base}/c/groundwater-governance/members/")
    assert moderator_page.get_by_role("link", name="Priya Sharma").is_visible()
    assert_accessible(moderator_page, "members tab")

    applicant_page.goto(f"{base}/c/groundwater-governance/")
    assert applicant_page.get_by_text("This community is private").count() == 0
    assert applicant_page.locator("#community-threads").count() == 1
    sections = applicant_page.get_by_role("navigation", name="Community sections")
    assert sections.get_by_role("link", name="Members").is_visible()
    assert_accessible(applicant_page, "community home, member")
    applicant_page.goto(f"{base}/c/groundwater-governance/about/")
    assert applicant_page.get_by_text("Hydrology Research Centre").is_visible()
    assert_accessible(applicant_page, "about tab")
