"""The invitation email goes through the outbox: an SMTP outage delays it, never loses it."""

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Invitation
from communities.tests.conftest import build_world
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.tests.outage import smtp_down, sweep_later

pytestmark = pytest.mark.django_db


def test_invitation_survives_an_smtp_outage_and_is_sent_once_after(client, django_capture_on_commit_callbacks):
    world = build_world(visibility="hidden")
    client.force_login(world.users["moderator"])
    url = reverse("communities:invite", args=[world.community.slug])
    with smtp_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "newcomer@example.org", "role": "member", "message": "Welcome!"})
    assert response.status_code == 302  # the request succeeds while the mail server is down
    invitation = Invitation.objects.get(email="newcomer@example.org")
    delivery = EmailDelivery.objects.get(source=f"invitation:{invitation.pk}")
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "SMTP" in delivery.last_error and delivery.recipient is None
    assert delivery.unsubscribe_url == ""  # transactional: no unsubscribe
    assert not mail.outbox
    sweep_later()
    (message,) = mail.outbox  # exactly once, however many sweeps
    assert message.to == ["newcomer@example.org"] and "Welcome!" in message.body
    assert "List-Unsubscribe" not in message.extra_headers
    assert "http://127.0.0.1:8000/c/invitations/" in message.body
    assert EmailDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT


def test_invitation_to_a_french_speaking_member_is_in_french_with_a_french_link(django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress
    from django.utils import translation

    from accounts.tests.factories import UserFactory
    from communities import services

    world = build_world(visibility="public")
    person = UserFactory(email="marie@example.org", preferred_language="fr")
    EmailAddress.objects.update_or_create(user=person, email=person.email, defaults={"verified": True, "primary": True})
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=world.users["moderator"], community=world.community, email=person.email)
    (message,) = mail.outbox
    assert message.to == ["marie@example.org"]
    assert "/fr/c/invitations/" in message.body
    with translation.override("fr"):
        expected = translation.gettext("%(name)s invited you to %(community)s on %(site)s") % {
            "name": world.users["moderator"].name,
            "community": world.community.name,
            "site": "Action Hub",
        }
    assert message.subject == expected
