"""Messaging pages: starting from a profile or post, bad input, uploads, htmx, queries, CSRF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from messaging import services
from messaging.models import Conversation, Message
from messaging.tests.factories import neighbours

pytestmark = pytest.mark.django_db


def test_start_from_profile_link_and_reply(client):
    a, b = neighbours()
    client.force_login(a)
    page = client.get(reverse("messaging:new"), {"to": b.username})
    assert f"@{b.username}" in page.content.decode()
    response = client.post(
        reverse("messaging:new"), {"recipients": f"@{b.username}", "subject": "Hi", "body": "**Hello**"}
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == conversation.get_absolute_url()
    assert "<strong>Hello</strong>" in conversation.messages.get().body_html
    client.force_login(b)
    assert "Hello" in client.get(conversation.get_absolute_url()).content.decode()
    response = client.post(reverse("messaging:send", args=[conversation.pk]), {"body": "Reply"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Reply" in response.content.decode()


def test_start_from_a_post_links_it(client):
    from discussions.tests.factories import make_thread

    a, b = neighbours()
    community = a.memberships.get().community
    thread = make_thread(community, b, body="Our drought plan")
    post = thread.posts.get()
    client.force_login(a)
    page = client.get(reverse("messaging:new"), {"post": post.pk})
    assert f"@{b.username}" in page.content.decode()
    client.post(reverse("messaging:new"), {"recipients": b.username, "body": "Can you share it?", "post": post.pk})
    conversation = Conversation.objects.get()
    assert conversation.source_post == post


@pytest.mark.parametrize(
    "field,value",
    [
        ("body", ""),
        ("body", "x\x00y"),
        ("body", "b" * 100_000),
        ("subject", "s" * 100_000),
        ("recipients", "@ghost"),
        ("recipients", "r" * 100_000),
        ("recipients", ",".join(f"u{i}" for i in range(25))),
        ("recipients", "\x00"),
    ],
)
def test_new_conversation_bad_input_rerenders(client, field, value):
    a, b = neighbours()
    client.force_login(a)
    data = {"recipients": b.username, "subject": "S", "body": "Hello", field: value}
    response = client.post(reverse("messaging:new"), data)
    assert response.status_code == 400 and "invalid-feedback" in response.content.decode() + "alert-danger"
    assert not Conversation.objects.exists()


def test_refused_recipient_and_rate_limit_shown_as_form_errors(client):
    a, *others = neighbours(8)
    stranger = UserFactory()
    client.force_login(a)
    response = client.post(reverse("messaging:new"), {"recipients": stranger.username, "body": "Hi"})
    assert response.status_code == 400 and "cannot message" in response.content.decode()
    for other in others[:5]:
        assert client.post(reverse("messaging:new"), {"recipients": other.username, "body": "Hi"}).status_code == 302
    response = client.post(reverse("messaging:new"), {"recipients": others[5].username, "body": "Hi"})
    assert response.status_code == 429 and response["Retry-After"]


def test_send_errors_in_page_and_htmx(client):
    a, b = neighbours()
    conversation = services.conversation_start(sender=a, recipients=[b], body="Hi")
    client.force_login(a)
    url = reverse("messaging:send", args=[conversation.pk])
    assert client.post(url, {"body": "x" * 100_000}).status_code == 400
    htmx = client.post(url, {"body": ""}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 400 and htmx["HX-Retarget"] == "#reply-errors"
    assert 'role="alert">Write a message.' in htmx.content.decode() or 'role="alert"' in htmx.content.decode()
    assert Message.objects.count() == 1


def test_attachments_content_checked(client):
    a, b = neighbours()
    conversation = services.conversation_start(sender=a, recipients=[b], body="Hi")
    client.force_login(a)
    url = reverse("messaging:send", args=[conversation.pk])
    fake = SimpleUploadedFile("map.png", b"not an image at all", content_type="image/png")
    assert client.post(url, {"body": "See map", "attachments": [fake]}).status_code == 400
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024))
    assert client.post(url, {"body": "Big", "attachments": [big]}).status_code == 400
    assert Message.objects.count() == 1
    ok = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    assert client.post(url, {"body": "Plan", "attachments": [ok]}).status_code == 302
    attachment = Message.objects.last().attachments.get()
    download = client.get(reverse("messaging:attachment", args=[conversation.pk, attachment.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


def test_query_counts_do_not_grow(client, django_assert_max_num_queries):
    """Inbox and conversation pages: the same queries with 2 and with 12 conversations/messages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    me, *people = neighbours(13)
    me.date_joined = me.date_joined.replace(year=2020)  # an established member: higher rate limits
    me.save()
    conversation = services.conversation_start(sender=people[0], recipients=[me, people[1]], body="Hello there")

    def grow(senders):
        for person in senders:
            other = services.conversation_start(sender=person, recipients=[me, people[0]], body="Hello there")
            services.message_send(sender=me, conversation=other, body="Reply")
            services.message_send(sender=people[0], conversation=conversation, body="Also here")
            services.message_send(sender=me, conversation=conversation, body="Noted")

    grow(people[1:2])
    client.force_login(me)
    pages = [
        (reverse("messaging:inbox"), 10),
        (conversation.get_absolute_url(), 14),
        (reverse("messaging:unread-badge"), 5),
    ]

    def measure():
        # Warm-up (session, the bell's cached unread count, which a new message drops and
        # the commit hook refills in production): the counts compared are the steady state.
        client.get(reverse("messaging:blocks"))
        counts = []
        for url, limit in pages:
            with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            counts.append(len(ctx.captured_queries))
        return counts

    small = measure()
    grow(people[2:12])
    assert measure() == small


def test_every_post_refused_without_csrf(csrf_client):
    a, b = neighbours()
    conversation = services.conversation_start(sender=a, recipients=[b], body="Hi")
    message = conversation.messages.get()
    staff = UserFactory(is_staff=True)
    report = services.message_report(reporter=b, message=message, reason="x")
    csrf_client.login(email=b.email, password=PASSWORD)
    for url, data in [
        (reverse("messaging:new"), {"recipients": a.username, "body": "x"}),
        (reverse("messaging:send", args=[conversation.pk]), {"body": "x"}),
        (reverse("messaging:read", args=[conversation.pk]), {}),
        (reverse("messaging:leave", args=[conversation.pk]), {}),
        (reverse("messaging:add", args=[conversation.pk]), {"recipients": a.username}),
        (reverse("messaging:report", args=[message.pk]), {"reason": "x"}),
        (reverse("messaging:block", args=[a.username]), {}),
        (reverse("messaging:unblock", args=[a.username]), {}),
    ]:
        assert csrf_client.post(url, data).status_code == 403, url
    csrf_client.login(email=staff.email, password=PASSWORD)
    assert csrf_client.post(reverse("messaging:report-resolve", args=[report.pk])).status_code == 403
    assert Message.objects.count() == 1


def test_nav_shows_unread_count(client):
    a, b = neighbours()
    services.conversation_start(sender=a, recipients=[b], body="Hi")
    assert client.get(reverse("messaging:unread-badge")).content.decode().count(">0<") == 1  # anonymous
    client.force_login(b)
    page = client.get(reverse("messaging:blocks")).content.decode()
    assert reverse("messaging:unread-badge") in page
    assert 'id="nav-messages-count">1<' in client.get(reverse("messaging:unread-badge")).content.decode()
