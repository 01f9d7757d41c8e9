"""Thread and member tools in the browser: merge keeps old links, suspension blocks replies,
and the tool pages and audit log pass the accessibility check."""

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory
from discussions.models import Post, Thread
from discussions.tests.factories import make_thread
from moderation.tests.factories import add_member
from tests.e2e.conftest import assert_accessible, login


def test_moderator_merges_threads_and_suspends_a_member(live_server_url, new_page):
    community = CommunityFactory(name="Groundwater Governance", slug="groundwater")
    moderator = add_member(community, UserFactory(display_name="Kofi Mensah"), role=Role.MODERATOR)
    member = add_member(community, UserFactory(display_name="Priya Nair"))
    keep = make_thread(community, member, replies=1, title="Managed aquifer recharge pilots")
    duplicate = make_thread(community, member, replies=1, title="Aquifer recharge pilot sites?")
    old_link = live_server_url + duplicate.get_absolute_url()
    post_ids = set(Post.objects.filter(thread__in=[keep, duplicate]).values_list("pk", flat=True))

    page = new_page()
    login(page, live_server_url, moderator.email, PASSWORD)
    page.goto(old_link)
    page.get_by_role("link", name="Lock, hide, rename, move or merge…").click()
    page.wait_for_load_state("domcontentloaded")
    assert_accessible(page, "thread tools")
    page.get_by_label("Merge into thread").fill(live_server_url + keep.get_absolute_url())
    page.get_by_role("button", name="Merge").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Threads merged" in page.locator(".messages").inner_text()
    assert set(Post.objects.filter(thread=keep).values_list("pk", flat=True)) == post_ids
    assert Thread.objects.get(pk=duplicate.pk).merged_into_id == keep.pk

    # The old link still works for an ordinary reader.
    reader = new_page()
    login(reader, live_server_url, member.email, PASSWORD)
    reader.goto(old_link)
    assert reader.url.split("#")[0].endswith(Thread.objects.get(pk=keep.pk).get_absolute_url())
    assert reader.locator("article.post").count() == 4

    # Suspend the member for 7 days from the member tools.
    page.goto(f"{live_server_url}/moderation/c/{community.slug}/members/{member.username}/")
    assert_accessible(page, "member tools")
    page.get_by_label("Duration").select_option("7d")
    page.locator("form[action$='/suspend/']").get_by_label("Reason").fill("Repeated personal attacks")
    page.get_by_role("button", name="Suspend", exact=True).click()
    page.wait_for_load_state("domcontentloaded")
    assert "Member suspended" in page.locator(".messages").inner_text()

    # The suspended member reads but is told they cannot reply.
    reader.goto(live_server_url + Thread.objects.get(pk=keep.pk).get_absolute_url())
    assert reader.locator("article.post").count() == 4
    assert reader.locator("form[action$='/reply/'] textarea").count() == 0

    page.goto(f"{live_server_url}/moderation/log/")
    assert_accessible(page, "audit log")
    assert "Member suspended" in page.locator("tbody").inner_text()
    assert "Threads merged" in page.locator("tbody").inner_text()
