"""Axe sweep over the remaining knowledge, events and messaging pages (as staff, who sees them all)."""

from accounts.tests.factories import PASSWORD, UserFactory
from events.tests.factories import EventFactory, make_community
from knowledge.tests.factories import CaseStudyFactory, ReferenceFactory, ToolFactory
from messaging import services
from messaging.tests.factories import neighbours
from tests.e2e.conftest import assert_accessible, login


def test_remaining_pages_are_accessible(live_server_url, page):
    staff = UserFactory(is_staff=True)
    tool = ToolFactory(title="Water pricing and tariffs")
    reference = ReferenceFactory()
    reference.related_tools.add(tool)
    case = CaseStudyFactory(status="submitted")
    community = make_community()
    event = EventFactory(community=community, organiser=staff)
    a, b = neighbours()
    conversation = services.conversation_start(sender=a, recipients=[b], body="Spam offer")
    services.message_report(reporter=b, message=conversation.messages.get(), reason="Spam")
    login(page, live_server_url, staff.email, PASSWORD)
    for url in [
        "/knowledge/tools/",
        tool.get_absolute_url(),
        "/knowledge/references/",
        reference.get_absolute_url(),
        "/knowledge/references/new/",
        case.get_absolute_url(),
        "/knowledge/case-studies/mine/",
        f"/events/c/{community.slug}/new/",
        f"/events/{event.pk}/edit/",
        f"/events/{event.pk}/attendees/",
        "/messages/blocked/",
        "/messages/reports/",
    ]:
        page.goto(live_server_url + url)
        assert_accessible(page, url)
