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
    assert moderator_page.get_by_role("link", name="Priya Sharma", exact=True).is_visible()
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


def test_management_pages_are_accessible(page, live_server_url):
    from communities import services

    staff = UserFactory(email="hubstaff@example.org", is_staff=True, display_name="Lucía García")
    community = services.community_create(
        actor=staff,
        name="Water Finance and Investment",
        tagline="Mobilising money for water security",
        description="Blended finance and utility creditworthiness.",
        visibility="private",
        join_policy="request",
        topics=["water finance"],
    )
    services.invitation_create(actor=staff, community=community, email="banker@example.org")
    other = CommunityFactory(name="Youth and Water", visibility="private", join_policy="request")
    login(page, live_server_url, "hubstaff@example.org", PASSWORD)
    base = f"{live_server_url}/c/{community.slug}"
    for path, label in (
        (f"{live_server_url}/c/new/", "new community"),
        (f"{base}/settings/", "settings"),
        (f"{base}/invite/", "invite"),
        (f"{base}/requests/", "requests (empty)"),
        (f"{live_server_url}/c/{other.slug}/request/", "request form"),
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, label
        assert_accessible(page, label)
    # Settings round trip through the real form.
    page.goto(f"{base}/settings/")
    page.get_by_label("Tagline").fill("Money for water security")
    page.get_by_role("button", name="Save settings").click()
    assert page.get_by_text("Settings saved.").is_visible()
    # Removing a member asks first (no inline handlers: static/js/communities.js).
    MembershipFactory(community=community, user=UserFactory(display_name="Omar Haddad"))
    page.goto(f"{base}/members/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Remove Omar Haddad").click()
    assert page.get_by_role("link", name="Omar Haddad", exact=True).is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove Omar Haddad").click()
    assert page.get_by_text("Omar Haddad was removed from the community.").is_visible()
