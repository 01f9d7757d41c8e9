"""Times typed in the organiser's zone, stored in UTC, shown in each viewer's zone (DST included)."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Role
from events.forms import EventForm, localise
from events.models import Event
from events.tests.factories import EventFactory, add_member, make_community

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_localise_across_paris_dst_boundaries():
    # Last Sunday of March 2026 (29th): 02:00 -> 03:00, so 02:30 does not exist.
    assert localise(dt.datetime(2026, 3, 29, 2, 30), PARIS) is None
    assert localise(dt.datetime(2026, 3, 29, 1, 30), PARIS).astimezone(dt.UTC).hour == 0  # UTC+1
    assert localise(dt.datetime(2026, 3, 29, 3, 30), PARIS).astimezone(dt.UTC).hour == 1  # UTC+2
    # Last Sunday of October 2026 (25th): 02:30 happens twice; the first (UTC+2) is taken.
    assert localise(dt.datetime(2026, 10, 25, 2, 30), PARIS).astimezone(dt.UTC) == dt.datetime(
        2026, 10, 25, 0, 30, tzinfo=dt.UTC
    )


def _form(**overrides):
    data = {
        "title": "Spring consultation on the Seine allocation plan",
        "kind": "consultation",
        "description": "Bring your questions.",
        "location": "Paris",
        "timezone": "Europe/Paris",
        "starts_local": "2026-03-28T09:00",
        "ends_local": "2026-03-28T11:00",
    }
    data.update(overrides)
    return EventForm(data=data)


def test_form_converts_organiser_time_to_utc_on_both_sides_of_the_change():
    before = _form()
    assert before.is_valid(), before.errors
    assert before.cleaned_data["starts_at"].astimezone(dt.UTC).hour == 8
    after = _form(starts_local="2026-03-30T09:00", ends_local="2026-03-30T11:00")
    assert after.is_valid()
    assert after.cleaned_data["starts_at"].astimezone(dt.UTC).hour == 7


@pytest.mark.parametrize(
    "start,end",
    [("2026-03-29T02:30", "2026-03-29T04:00"), ("2026-03-29T01:00", "2026-03-29T02:15")],
)
def test_form_refuses_times_skipped_by_the_clock_change(start, end):
    form = _form(starts_local=start, ends_local=end)
    assert not form.is_valid()
    assert "does not exist" in str(form.errors)


@pytest.mark.django_db
def test_viewers_see_the_event_in_their_own_zone(client):
    community = make_community()
    starts = dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)  # 09:00 in Paris (summer time)
    event = EventFactory(community=community, starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
    nairobi = UserFactory(timezone="Africa/Nairobi")
    new_york = UserFactory(timezone="America/New_York")
    client.force_login(nairobi)
    body = client.get(event.get_absolute_url()).content.decode()
    assert "10:00" in body and "Africa/Nairobi" in body and "09:00" in body  # organiser's time too
    client.force_login(new_york)
    body = client.get(event.get_absolute_url()).content.decode()
    assert "03:00" in body and "America/New_York" in body
    client.logout()
    assert "07:00" in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_event_created_through_the_page_is_stored_in_utc(client):
    community = make_community()
    organiser = UserFactory(timezone="Europe/Paris")
    add_member(organiser, community, role=Role.MODERATOR)
    client.force_login(organiser)
    data = {
        "title": "Field visit to the Marne reservoirs",
        "kind": "field_visit",
        "location": "Lac du Der",
        "timezone": "Europe/Paris",
        "starts_local": "2026-10-25T01:30",
        "ends_local": "2026-10-25T04:00",
        "description": "",
    }
    response = client.post(reverse("events:create", args=[community.slug]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    event = Event.objects.get()
    assert event.starts_at == dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)
    assert event.ends_at == dt.datetime(2026, 10, 25, 3, 0, tzinfo=dt.UTC)  # after the fall-back hour
    edit = client.get(reverse("events:edit", args=[event.pk])).content.decode()
    assert "2026-10-25T01:30" in edit
