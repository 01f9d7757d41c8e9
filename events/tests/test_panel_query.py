"""The community page's events panel (``selectors.event_list_for_panel``, one written-out
query) lists what ``selectors.event_list`` lists: the same upcoming and past events in the same
order with the same answer counts, for readers of the community only."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Visibility
from events import selectors
from events.models import RSVP
from events.tests.factories import EventFactory, add_member, make_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def community_with_events(db):
    community = make_community(Visibility.PRIVATE)
    other = make_community()
    now = timezone.now()
    same_start = now + dt.timedelta(days=2)
    for i in range(8):  # more than the panel shows on each side, two starting at the same time
        starts = same_start if i < 2 else now + dt.timedelta(days=3 + i)
        event = EventFactory(community=community, title=f"Upcoming {i}", starts_at=starts, capacity=10)
        for n, status in enumerate(["going", "going", "waitlisted", "maybe", "not_going"][: i % 6]):
            RSVP.objects.create(event=event, user=UserFactory(), status=status, updated_at=now + dt.timedelta(n))
    for i in range(5):
        EventFactory(community=community, title=f"Past {i}", starts_at=now - dt.timedelta(days=10 + i))
    EventFactory(  # still running: upcoming until it ends
        community=community, title="Running now", starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )  # fmt: skip
    EventFactory(community=other, title="Elsewhere", starts_at=now + dt.timedelta(days=1))
    member = UserFactory()
    add_member(member, community)
    return community, member


def test_panel_lists_match_event_list(community_with_events):
    community, member = community_with_events
    now = timezone.now()
    upcoming, past = selectors.event_list_for_panel(viewer=member, community=community, now=now)
    want_upcoming = list(selectors.event_list(viewer=member, community=community, now=now)[:5])
    want_past = list(selectors.event_list(viewer=member, community=community, when="past", now=now)[:3])
    assert [(e.pk, e.going_count, e.waitlist_count) for e in upcoming] == [
        (e.pk, e.going_count, e.waitlist_count) for e in want_upcoming
    ]
    assert [e.pk for e in past] == [e.pk for e in want_past]
    assert upcoming[0].title == "Running now" and [e.title for e in past] == ["Past 0", "Past 1", "Past 2"]
    assert all(e.starts_at.tzinfo is not None and e.community is community for e in upcoming + past)


def test_panel_is_empty_for_who_may_not_read_the_community(community_with_events):
    community, _member = community_with_events
    for viewer in (AnonymousUser(), UserFactory()):
        assert selectors.event_list_for_panel(viewer=viewer, community=community) == ([], [])


def test_panel_costs_one_query(community_with_events, django_assert_num_queries):
    community, member = community_with_events
    from communities.permissions import get_membership

    get_membership(member, community)  # the page has loaded it with the community
    with django_assert_num_queries(1):
        upcoming, past = selectors.event_list_for_panel(viewer=member, community=community)
        [(e.get_absolute_url(), e.get_kind_display(), e.is_cancelled, e.community.name) for e in upcoming + past]


def test_community_page_shows_the_panel(client, community_with_events):
    community, member = community_with_events
    client.force_login(member)
    html = client.get(reverse("communities:detail", kwargs={"slug": community.slug})).content.decode()
    assert "Running now" in html and "Upcoming 3" in html and "Past 2" in html
    assert "Upcoming 4" not in html and "Past 3" not in html and "Elsewhere" not in html
    assert "2/10 places taken" in html  # "Upcoming 2": two going, one on the waiting list
