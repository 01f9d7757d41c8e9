"""Who may see, answer and organise events: role x community visibility, route by route."""

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import MembershipStatus, Role, Visibility
from events import services
from events.models import EventMaterial
from events.tests.factories import EventFactory, add_member, make_community

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "banned", "member", "moderator", "staff"]
VISIBILITIES = [Visibility.PUBLIC, Visibility.PRIVATE, Visibility.HIDDEN]


def _setup(client, role, visibility):
    community = make_community(visibility)
    event = EventFactory(community=community, capacity=10)
    user = None
    if role != "anonymous":
        user = UserFactory(is_staff=role == "staff")
        if role == "member":
            add_member(user, community)
        elif role == "moderator":
            add_member(user, community, role=Role.MODERATOR)
        elif role == "banned":
            add_member(user, community, status=MembershipStatus.BANNED)
        client.force_login(user)
    return community, event, user


def _can_read(role, visibility):
    if role in ("member", "moderator", "staff"):
        return True
    return visibility == Visibility.PUBLIC and role != "banned"


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_reading_events_by_role_and_visibility(client, role, visibility):
    community, event, user = _setup(client, role, visibility)
    readable = _can_read(role, visibility)
    code = 200 if readable else 404
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == code
    assert client.get(reverse("events:ics", args=[event.pk])).status_code == code
    assert client.get(reverse("events:community", args=[community.slug])).status_code == code
    assert client.get(reverse("events:community-feed", args=[community.slug])).status_code == code
    hub = client.get(reverse("events:calendar")).content.decode()
    assert (event.title in hub) == readable
    material = EventMaterial.objects.create(
        event=event, title="Slides", file=SimpleUploadedFile("s.pdf", b"%PDF-1.4"), original_name="s.pdf",
        content_type="application/pdf", size=8,
    )  # fmt: skip
    assert client.get(reverse("events:material", args=[event.pk, material.pk])).status_code == code


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_answering_and_organising_by_role_and_visibility(client, role, visibility):
    community, event, user = _setup(client, role, visibility)
    readable = _can_read(role, visibility)
    organiser = role in ("moderator", "staff")
    rsvp = client.post(reverse("events:rsvp", args=[event.pk]), {"status": "going"})
    if role == "anonymous":
        assert rsvp.status_code == 302 and "login" in rsvp["Location"]
    else:
        assert rsvp.status_code == (302 if readable else 404)
    closed = 302 if role == "anonymous" else (200 if organiser else (403 if readable else 404))
    assert client.get(reverse("events:create", args=[community.slug])).status_code == closed
    assert client.get(reverse("events:edit", args=[event.pk])).status_code == closed
    assert client.get(reverse("events:attendees", args=[event.pk])).status_code == closed
    post_closed = 302 if (role == "anonymous" or organiser) else (403 if readable else 404)
    pdf = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes")
    assert client.post(reverse("events:material-add", args=[event.pk]), {"file": pdf}).status_code == post_closed
    assert client.post(reverse("events:cancel", args=[event.pk]), {"reason": "x"}).status_code == post_closed
    event.refresh_from_db()
    assert event.is_cancelled == organiser


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_feed_pages_and_tokens(client, role):
    private = make_community(Visibility.PRIVATE)
    public = make_community(Visibility.PUBLIC)
    secret = EventFactory(community=private, title="Private consultation")
    open_event = EventFactory(community=public, title="Open webinar")
    member = UserFactory()
    add_member(member, private)
    add_member(member, public)
    if role == "anonymous":
        assert client.get(reverse("events:feeds")).status_code == 302
        assert client.post(reverse("events:token-reset")).status_code == 302
        assert client.get(reverse("events:member-feed", args=["nope"])).status_code == 404
        return
    client.force_login(member)
    assert client.get(reverse("events:feeds")).status_code == 200
    token = services.calendar_token_for(member).token
    client.logout()
    feed = client.get(reverse("events:member-feed", args=[token]))
    titles = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")}
    assert titles == {secret.title, open_event.title}
    private_feed = client.get(reverse("events:community-feed", args=[private.slug]), {"token": token})
    assert private_feed.status_code == 200 and b"Private consultation" in private_feed.content
    assert client.get(reverse("events:community-feed", args=[private.slug])).status_code == 404
    # An outsider's token does not open the private community's feed, nor show its events.
    outsider_token = services.calendar_token_for(UserFactory()).token
    assert (
        client.get(reverse("events:community-feed", args=[private.slug]), {"token": outsider_token}).status_code == 404
    )
    outsider_feed = client.get(reverse("events:member-feed", args=[outsider_token]))
    assert b"Private consultation" not in outsider_feed.content
    # Revoking: the old address stops working.
    client.force_login(member)
    assert client.post(reverse("events:token-reset")).status_code == 302
    assert client.get(reverse("events:member-feed", args=[token])).status_code == 404
    assert client.get(reverse("events:community-feed", args=[private.slug]), {"token": token}).status_code == 404
