"""Every email shares one branded layout (templates/email/layout.html), in HTML and text:
allauth's account emails, invitations and the notification emails alike."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hub.emails import html_from_text, text_to_html

pytestmark = pytest.mark.django_db


def html_of(message):
    return next(content for content, kind in message.alternatives if kind == "text/html")


def test_text_becomes_escaped_paragraphs_links_and_a_button():
    html = text_to_html(
        "Hello <b>Amina</b>,\nsee https://hub.example/a?x=1&y=2\n\nhttps://hub.example/confirm/k/\n\nBye"
    )
    assert "&lt;b&gt;Amina&lt;/b&gt;" in html and "<b>" not in html
    assert '<a href="https://hub.example/a?x=1&amp;y=2"' in html
    assert 'href="https://hub.example/confirm/k/" style="display:inline-block' in html  # the button
    assert html.count("<p>") == 3
    page = html_from_text("Body", subject="Subject line")
    assert "<title>Subject line</title>" in page and "background:#08425c" in page


def test_password_reset_email_is_branded_in_html_and_text(client):
    user = UserFactory(email="amina@example.org")
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject.startswith("[Action Hub]")
    assert "Hello from" in message.body and "communities of practice for water professionals" in message.body
    assert "/accounts/password/reset/key/" in message.body
    html = html_of(message)
    assert "background:#08425c" in html  # the hub's header band
    assert 'style="display:inline-block;background:#0b5f84' in html and "/accounts/password/reset/key/" in html
    assert "Open the link" in html


def test_signup_confirmation_email_is_branded(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.post(
        reverse("account_signup"),
        {"email": "nadia@example.org", "username": "nadia", "display_name": "Nadia Haddad",
         "password1": "aquifer-recharge-2026", "password2": "aquifer-recharge-2026"},
    )  # fmt: skip
    message = next(m for m in mail.outbox if "nadia@example.org" in m.to)
    assert "To confirm the address, open this link:" in message.body
    html = html_of(message)
    assert "background:#08425c" in html and "/accounts/confirm-email/" in html


def test_invitation_email_has_the_branded_html_alternative(django_capture_on_commit_callbacks):
    from communities.services import invitations
    from communities.tests.conftest import build_world

    world = build_world(visibility="private")
    owner = world.user("owner")
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_create(actor=owner, community=world.community, email="new@example.org")
    message = next(m for m in mail.outbox if "new@example.org" in m.to)
    assert "background:#08425c" in html_of(message)


def test_notification_emails_use_the_shared_layout_with_their_unsubscribe_footer():
    from django.template.loader import render_to_string

    html = render_to_string(
        "notifications/email/notification.html",
        {"notification": None, "preferences_url": "https://hub.example/prefs/", "unsubscribe_url": "https://hub.example/u/",
         "site_name": "Action Hub", "kind_label": "Reply"},
    )  # fmt: skip
    assert "background:#08425c" in html and 'href="https://hub.example/u/"' in html and "Unsubscribe" in html
