"""Events beside the search results: only those of communities the searcher may read."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from events.models import Event

URL = reverse("search:search")


def _event(community, title):
    starts = timezone.now() + timedelta(days=5)
    return Event.objects.create(community=community, title=title, starts_at=starts, ends_at=starts + timedelta(hours=1))


@pytest.mark.parametrize(
    "role, sees_private",
    [("anonymous", False), ("outsider", False), ("member", True), ("moderator", True), ("staff", True)],
)
def test_search_lists_matching_events_the_viewer_may_see(client, world, role, sees_private):
    public = _event(world["public"], "Groundwater recharge webinar")
    private = _event(world["private"], "Groundwater allocation clinic (members only)")
    hidden = _event(world["hidden"], "Groundwater sanitation briefing")
    if role != "anonymous":
        client.force_login(UserFactory(is_staff=True) if role == "staff" else world[role])
    html = client.get(URL, {"q": "groundwater"}).content.decode()
    assert 'id="side-events"' in html
    assert public.get_absolute_url() in html and public.title in html
    for event in (private, hidden):
        assert (event.get_absolute_url() in html) is sees_private
        assert (event.title in html) is sees_private


def test_search_events_section_absent_without_matches(client, world):
    _event(world["public"], "Wetland field visit")
    html = client.get(URL, {"q": "groundwater"}).content.decode()
    assert 'id="side-events"' not in html
