"""Event reminders go through the outbox: an SMTP outage delays them, never loses them."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from events import services
from events.models import ReminderLog
from events.tests.factories import EventFactory
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.tests.outage import smtp_down, sweep_later

pytestmark = pytest.mark.django_db


def test_reminder_survives_an_smtp_outage_and_is_sent_once_after(django_capture_on_commit_callbacks):
    from events.tasks import reminders_send_task

    now = timezone.now()
    event = EventFactory(title="Aquifer mapping clinic", starts_at=now + dt.timedelta(minutes=40))
    going = UserFactory()
    services.rsvp_set(user=going, event=event, status="going")
    with smtp_down(), django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_task.delay().get() == 1  # the task succeeds while the mail server is down
    assert ReminderLog.objects.filter(event=event, user=going).count() == 1
    delivery = EmailDelivery.objects.get(recipient=going, kind="event_reminder")
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1 and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0  # the log keeps it to one reminder
    sweep_later()
    (message,) = mail.outbox
    assert message.to == [going.email] and message.subject == "In one hour: Aquifer mapping clinic"
    assert f"http://127.0.0.1:8000/events/{event.pk}/" in message.body
    assert EmailDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT
