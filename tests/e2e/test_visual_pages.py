"""Every main page type at a desktop (1280 px) and a phone (375 px) width: it renders, does not
scroll sideways (at 375 px nor at 1280 px), is axe-clean, and leaves a screenshot for a human look.

Screenshots go to $HUB_SCREENSHOTS (default: a fresh temporary directory), never the repository.
"""

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory
from discussions.tests.factories import PostFactory, make_thread
from events.tests.factories import EventFactory
from moderation.tests.factories import add_member
from notifications.services import notify
from tests.e2e.conftest import assert_accessible, login

WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}
SHOTS = Path(os.environ.get("HUB_SCREENSHOTS") or tempfile.mkdtemp(prefix="hub-screens-"))

# name -> path (filled in from the world); every page type the issue lists.
PAGES = [
    "home", "directory", "community", "thread", "new-thread", "profile",
    "events", "knowledge", "programme", "notifications", "search",
]  # fmt: skip


@pytest.fixture
def world(transactional_db):
    community = CommunityFactory(
        name="Groundwater Governance Network", slug="groundwater", tagline="Managing shared aquifers, together"
    )
    community.topics.set(["groundwater", "aquifer recharge"])
    other = CommunityFactory(name="Transboundary River Basins", slug="rivers")
    moderator = add_member(
        community, UserFactory(display_name="Kofi Mensah-Abubakar Okonkwo", organisation="Volta Basin Authority"),
        role=Role.MODERATOR,
    )  # fmt: skip
    member = add_member(community, UserFactory(display_name="Amina Diallo", country="SN"))
    add_member(other, member)
    thread = make_thread(
        community, member, replies=3, reply_author=moderator,
        title="Piezometer network budgets: what did a realistic monitoring programme cost you?",
    )  # fmt: skip
    PostFactory(
        thread=thread, author=member,
        body_html="<p>We budgeted <strong>two visits a month</strong> per well; the loggers paid for themselves.</p>",
    )  # fmt: skip
    today = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0)
    EventFactory(community=community, title="Aquifer recharge field visit and monitoring workshop", starts_at=today)
    EventFactory(
        community=community, title="Webinar: transboundary groundwater law", starts_at=today + dt.timedelta(days=2)
    )
    notify(
        recipient=moderator, kind="reply", text="Amina Diallo replied to “Piezometer network budgets”",
        url=thread.get_absolute_url(), actor=member, community=community,
    )  # fmt: skip
    paths = {
        "home": "/",
        "directory": "/c/",
        "community": community.get_absolute_url(),
        "thread": thread.get_absolute_url(),
        "new-thread": f"/c/{community.slug}/t/new/",
        "profile": member.get_absolute_url(),
        "events": "/events/",
        "knowledge": "/knowledge/",
        "programme": "/programme/",
        "notifications": "/notifications/",
        "search": "/search/?q=piezometer",
    }
    return {"moderator": moderator, "member": member, "paths": paths}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_type_reads_well_at_desktop_and_phone_widths(live_server_url, new_page, world, width):
    w, h = WIDTHS[width]
    page = new_page(viewport={"width": w, "height": h})
    # The moderator has the fullest navbar (moderation, bell, messages, a long name).
    login(page, live_server_url, world["moderator"].email, PASSWORD)
    problems = []
    for name in PAGES:
        response = page.goto(live_server_url + world["paths"][name])
        assert response.status == 200, (name, response.status, page.url)
        page.wait_for_load_state("networkidle")
        if name == "community":  # the Discussions tab loads its list
            page.wait_for_selector("#thread-list")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{name} scrolls sideways by {overflow}px at {w}px")
        assert_accessible(page, f"{name} at {w}px")
    assert not problems, "\n".join(problems)


def test_desktop_navbar_keeps_the_search_box_usable_for_a_moderator(live_server_url, new_page, world):
    page = new_page(viewport={"width": 1280, "height": 900})
    login(page, live_server_url, world["moderator"].email, PASSWORD)
    page.goto(live_server_url + "/")
    box = page.locator("#nav-search").bounding_box()
    assert box and box["width"] >= 160, box
    # One row: the search box sits on the same line as the brand.
    brand = page.locator(".navbar-brand").bounding_box()
    assert abs((box["y"] + box["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 20, (box, brand)
    # ...and the user menu ends inside the window.
    menu = page.locator("#user-menu").bounding_box()
    assert menu["x"] + menu["width"] <= page.evaluate("document.documentElement.clientWidth"), menu


def test_thread_page_more_menu_works_from_the_keyboard(live_server_url, new_page, world):
    page = new_page(viewport={"width": 1280, "height": 900})
    login(page, live_server_url, world["member"].email, PASSWORD)
    page.goto(live_server_url + world["paths"]["thread"])
    post = page.locator("#p2")
    # Reply and Quote stay in sight; Flag and Reply privately wait in "More".
    assert post.get_by_role("link", name="Reply", exact=True).is_visible()
    assert post.get_by_role("link", name="Quote", exact=True).is_visible()
    flag = post.get_by_role("link", name="Flag post #2 for the moderators")
    assert not flag.is_visible()
    summary = post.locator(".post-more summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert flag.is_visible() and post.get_by_role("link", name="Reply privately").is_visible()
    assert_accessible(page, "thread with an open More menu")
    page.keyboard.press("Escape")
    assert not flag.is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # Opening another post's menu closes the first.
    summary.click()
    page.locator("#p3 .post-more summary").click()
    assert not flag.is_visible()
