"""A moderator finds their tools through the visible navigation only (no typed URLs)."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory
from discussions.models import Thread
from discussions.tests.factories import PostFactory, make_thread
from moderation.tests.factories import FlagFactory, add_member
from notifications.services import notify
from tests.e2e.conftest import assert_accessible, login


def make_world():
    community = CommunityFactory(name="Groundwater Governance", slug="groundwater")
    moderator = add_member(community, UserFactory(display_name="Kofi Mensah-Abubakar Okonkwo"), role=Role.MODERATOR)
    member = add_member(community, UserFactory(display_name="Amina Diallo"))
    thread = make_thread(
        community,
        member,
        replies=2,
        reply_author=moderator,
        title="Piezometer network budgets: what did a realistic monitoring programme cost you?",
    )
    # An old thread last answered by someone with a long name: the longest line of a thread row.
    Thread.objects.filter(pk=thread.pk).update(last_post_at=timezone.now() - timedelta(days=340), last_poster=moderator)
    reply = PostFactory(thread=thread, author=member, body="Off-topic advert", body_html="<p>Off-topic advert</p>")
    FlagFactory(post=reply, reporter=add_member(community))
    notify(
        recipient=moderator,
        kind="reply",
        text="Amina Diallo replied to “Piezometer network budgets”",
        url=thread.get_absolute_url(),
        actor=member,
        community=community,
    )
    return community, moderator, thread


def test_site_tour_moderator_reaches_notifications_queue_and_reports(live_server_url, page):
    community, moderator, thread = make_world()
    login(page, live_server_url, moderator.email, PASSWORD)
    header = page.locator("header")

    # Notifications: the bell in the navbar.
    header.get_by_role("link", name=re.compile(r"^Notifications: \d+ unread")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.locator("main")).to_contain_text("Piezometer network budgets")
    assert_accessible(page, "notifications")

    # The moderation queue: the navbar link with its count.
    header.get_by_role("link", name=re.compile(r"^Moderation")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    expect(page.locator("main")).to_contain_text("Off-topic advert")
    assert_accessible(page, "moderation queue")

    # Engagement reports: the user menu, then the community's dashboard.
    header.get_by_role("button", name=re.compile("Kofi Mensah")).click()
    header.get_by_role("link", name="Engagement reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement reports")
    assert_accessible(page, "reports index")
    page.locator("main").get_by_role("link", name="Groundwater Governance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groundwater Governance")
    page.get_by_role("button", name="Generate a fresh report").click()
    expect(page.get_by_role("heading", name="Key numbers")).to_be_visible(timeout=20_000)
    assert_accessible(page, "community report")


def test_site_tour_pages_fit_a_360px_screen(live_server_url, new_page):
    community, moderator, thread = make_world()
    page = new_page(viewport={"width": 360, "height": 740})
    login(page, live_server_url, moderator.email, PASSWORD)
    for path in (
        community.get_absolute_url(),
        f"/c/{community.slug}/t/",
        thread.get_absolute_url(),
        "/moderation/",
        "/events/",
        "/notifications/",
    ):
        page.goto(live_server_url + path)
        page.wait_for_load_state("networkidle")  # the community's thread list arrives by htmx
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
        if path.endswith("/t/"):  # a thread's title keeps most of the row, its counts go below
            title = page.locator(f"#thread-{thread.pk} h3").bounding_box()
            assert title["width"] > 200, f"thread title squeezed to {title['width']}px at 360px"
