"""The hub-wide suspension notice goes through the outbox: an SMTP outage delays it, never loses it."""

import pytest
from django.core import mail

from moderation import services
from moderation.models import PlatformSuspension
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.tests.outage import smtp_down, sweep_later

pytestmark = pytest.mark.django_db


def test_suspension_notice_survives_an_smtp_outage_and_is_sent_once_after(world, django_capture_on_commit_callbacks):
    person = world.members[1]
    with smtp_down(), django_capture_on_commit_callbacks(execute=True):
        suspension = services.platform_suspend(actor=world.staff, user=person, duration="7d", reason="Spam links")
    assert PlatformSuspension.objects.filter(pk=suspension.pk).exists()
    person.refresh_from_db()
    assert not person.is_active
    delivery = EmailDelivery.objects.get(source=f"suspension:{suspension.pk}")
    assert delivery.recipient == person and delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert not mail.outbox
    sweep_later()
    (message,) = mail.outbox  # an inactive account still gets its notice
    assert message.to == [person.email]
    assert message.subject == "[Action Hub] Your account is suspended"
    assert "Reason: Spam links" in message.body and "(UTC)" in message.body
    assert "List-Unsubscribe" not in message.extra_headers


def test_suspension_notice_is_in_the_members_language(world, django_capture_on_commit_callbacks):
    from django.utils import translation

    person = world.members[1]
    person.preferred_language = "fr"
    person.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.platform_suspend(actor=world.staff, user=person, duration="permanent", reason="Spam")
    (message,) = mail.outbox
    with translation.override("fr"):
        assert message.subject == translation.gettext("[Action Hub] Your account is suspended")
        assert translation.gettext("until the hub team lifts it") in message.body
