"""The Community for Moderators page lists the upcoming moderator training sessions."""

import datetime

from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Membership
from communities.tests.factories import CommunityFactory
from training import services


def test_community_for_moderators_page_shows_upcoming_sessions(client, admin):
    room = CommunityFactory(kind="moderators", visibility="private", join_policy="invite")
    regular = CommunityFactory()
    moderator = UserFactory()
    Membership.objects.create(user=moderator, community=regular, role="moderator", status="active")
    Membership.objects.create(user=moderator, community=room, role="member", status="active")
    Membership.objects.create(user=admin, community=regular, role="member", status="active")
    services.session_create(actor=admin, programme=None, data={
        "title": "Handling heated threads", "starts_at": datetime.datetime(2031, 1, 5, 12, tzinfo=datetime.UTC),
        "duration_minutes": 60, "link": "https://meet.example.org/heated"})  # fmt: skip
    client.force_login(moderator)
    page = client.get(reverse("communities:detail", args=[room.slug])).content.decode()
    assert "Upcoming training sessions" in page and "Handling heated threads" in page
    regular_page = client.get(reverse("communities:detail", args=[regular.slug])).content.decode()
    assert "Upcoming training sessions" not in regular_page
