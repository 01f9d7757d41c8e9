"""A member answers "going" to an event and downloads its .ics."""

from pathlib import Path

import icalendar

from accounts.tests.factories import PASSWORD, UserFactory
from events.models import RSVP
from events.tests.factories import EventFactory, add_member, make_community
from tests.e2e.conftest import assert_accessible, login


def test_rsvp_and_download_ics(live_server_url, page):
    community = make_community()
    member = UserFactory(timezone="Africa/Nairobi")
    add_member(member, community)
    event = EventFactory(community=community, title="Webinar: drought triggers", capacity=20)
    login(page, live_server_url, member.email, PASSWORD)
    page.goto(live_server_url + "/events/")
    assert_accessible(page, "hub calendar")
    page.click("text=Webinar: drought triggers")
    assert "Africa/Nairobi" in page.content()
    page.click("#rsvp-panel button[value=going]")
    page.wait_for_selector("#rsvp-panel >> text=Your answer:")
    assert RSVP.objects.get(event=event, user=member).status == "going"
    assert_accessible(page, "event detail")
    with page.expect_download() as download_info:
        page.click("text=Add to calendar (.ics)")
    path = download_info.value.path()
    cal = icalendar.Calendar.from_ical(Path(path).read_bytes())
    assert str(cal.walk("VEVENT")[0]["SUMMARY"]) == "Webinar: drought triggers"
    page.goto(live_server_url + f"/events/c/{community.slug}/")
    assert_accessible(page, "community events")
    page.goto(live_server_url + "/events/calendar/")
    assert_accessible(page, "calendar feeds")
