"""Event pages: forms and bad input, uploads, htmx RSVP, query counts, CSRF."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Role
from events.models import RSVP, Event
from events.tests.factories import EventFactory, add_member, make_community

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Workshop on groundwater contracts",
    "kind": "workshop",
    "description": "Hands-on session.",
    "location": "Amman",
    "timezone": "Asia/Amman",
    "starts_local": "2027-02-10T10:00",
    "ends_local": "2027-02-10T13:00",
    "capacity": "30",
}


@pytest.fixture
def organiser_setup(client):
    community = make_community()
    organiser = UserFactory()
    add_member(organiser, community, role=Role.MODERATOR)
    client.force_login(organiser)
    return community, organiser


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", "bad\x00title"),
        ("title", "x" * 100_000),
        ("description", "d" * 100_000),
        ("timezone", "Mars/Olympus"),
        ("starts_local", "not a date"),
        ("ends_local", "2027-02-10T09:00"),
        ("ends_local", "2027-03-10T09:00"),
        ("capacity", "0"),
        ("capacity", "9" * 30),
        ("online_url", "javascript:alert(1)"),
        ("location", ""),
        ("kind", "\x00"),
    ],
)
def test_event_form_bad_input_rerenders(client, organiser_setup, field, value):
    community, _ = organiser_setup
    response = client.post(reverse("events:create", args=[community.slug]), {**FORM, field: value})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in response.content.decode()
    assert not Event.objects.exists()


def test_event_create_edit_and_recording(client, organiser_setup):
    community, organiser = organiser_setup
    response = client.post(reverse("events:create", args=[community.slug]), FORM)
    assert response.status_code == 302
    event = Event.objects.get()
    assert not RSVP.objects.filter(event=event).exists()  # no place taken on the organiser's behalf
    data = {**FORM, "recording_url": "https://video.example.org/rec", "materials": "Slides: see **below**"}
    assert client.post(reverse("events:edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert event.recording_url and "<strong>below</strong>" in event.materials_html and event.sequence == 1


def test_material_upload_is_content_checked(client, organiser_setup):
    community, organiser = organiser_setup
    event = EventFactory(community=community, organiser=organiser)
    url = reverse("events:material-add", args=[event.pk])
    client.post(url, {"title": "Fake", "file": SimpleUploadedFile("x.pdf", b"MZ\x90 exe")})
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024))
    client.post(url, {"title": "Big", "file": big})
    client.post(url, {"title": "t" * 100_000, "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert not event.files.exists()
    client.post(url, {"title": "Slides", "file": SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides")})
    assert event.files.get().title == "Slides"


def test_rsvp_htmx_returns_the_panel(client):
    event = EventFactory(capacity=1)
    client.force_login(UserFactory())
    response = client.post(reverse("events:rsvp", args=[event.pk]), {"status": "going"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="rsvp-panel"' in response.content.decode()
    client.force_login(UserFactory())
    response = client.post(reverse("events:rsvp", args=[event.pk]), {"status": "going"}, HTTP_HX_REQUEST="true")
    assert "waiting list" in response.content.decode()
    response = client.post(reverse("events:rsvp", args=[event.pk]), {"status": "\x00"})
    assert response.status_code == 400 and "Choose going, maybe or not going." in response.content.decode()
    response = client.post(reverse("events:rsvp", args=[event.pk]), {"status": "\x00"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and 'id="rsvp-panel"' in response.content.decode()
    assert 'role="alert">Choose going, maybe or not going.' in response.content.decode()


def test_bad_query_parameters_never_fail(client):
    community = make_community()
    EventFactory(community=community)
    for params in [{"month": "\x00"}, {"month": "2026-13"}, {"month": "9" * 100}, {"when": "x" * 20_000},
                   {"page": "\x00"}]:  # fmt: skip
        assert client.get(reverse("events:calendar"), params).status_code == 200
        assert client.get(reverse("events:community", args=[community.slug]), params).status_code == 200
    assert client.get(reverse("events:member-feed", args=["x" * 300])).status_code == 404
    assert client.get(reverse("events:community-feed", args=[community.slug]), {"token": "\x00"}).status_code == 404


def test_list_pages_query_counts_do_not_grow(client, django_assert_max_num_queries):
    """The same number of queries with 2 and with 12 events (each with answers), at most 10."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    community = make_community()
    start = timezone.now() + dt.timedelta(days=1)

    def add_events(n):
        made = []
        for i in range(n):
            event = EventFactory(community=community, starts_at=start + dt.timedelta(hours=i), capacity=5)
            for user in UserFactory.create_batch(2):
                RSVP.objects.create(event=event, user=user, status="going")
            made.append(event)
        return made

    first = add_events(2)[0]
    viewer = UserFactory()
    add_member(viewer, community)
    client.force_login(viewer)
    pages = [
        reverse("events:calendar"),
        reverse("events:calendar") + "?when=past",
        reverse("events:community", args=[community.slug]),
        reverse("events:detail", args=[first.pk]),
        reverse("events:community-feed", args=[community.slug]),
    ]

    def measure():
        counts = []
        for url in pages:
            with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            counts.append(len(ctx.captured_queries))
        return counts

    client.get(pages[0])  # session warm-up
    small = measure()
    add_events(10)
    assert measure() == small


def test_every_post_refused_without_csrf(csrf_client):
    community = make_community()
    organiser = UserFactory(is_staff=True)
    event = EventFactory(community=community, organiser=organiser)
    csrf_client.login(email=organiser.email, password=PASSWORD)
    for url, data in [
        (reverse("events:create", args=[community.slug]), FORM),
        (reverse("events:edit", args=[event.pk]), FORM),
        (reverse("events:cancel", args=[event.pk]), {}),
        (reverse("events:rsvp", args=[event.pk]), {"status": "going"}),
        (reverse("events:material-add", args=[event.pk]), {}),
        (reverse("events:token-reset"), {}),
    ]:
        assert csrf_client.post(url, data).status_code == 403, url
    event.refresh_from_db()
    assert not event.is_cancelled and Event.objects.count() == 1


def test_community_panel_fragment_renders_for_readers_only(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from communities.models import Visibility

    private = make_community(Visibility.PRIVATE)
    EventFactory(community=private, title="Members-only webinar")
    request = rf.get("/")
    request.user = AnonymousUser()
    assert "Members-only webinar" not in render_to_string(
        "events/_community_events.html", {"community": private, "request": request}
    )
    member = UserFactory()
    add_member(member, private)
    request.user = member
    html = render_to_string("events/_community_events.html", {"community": private, "request": request})
    assert "Members-only webinar" in html
