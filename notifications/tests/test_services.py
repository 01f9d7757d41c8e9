from unittest import mock

import pytest
from django.core import mail
from django.test import TestCase

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import Channel, Notification, NotificationKind
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.tasks import outbox_sweep_task

pytestmark = pytest.mark.django_db(transaction=False)


def _notify(recipient, kind=NotificationKind.MENTION, actor=None, **kwargs):
    """notify() and its after-commit fan-out; the recipient's newest notification (or None)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.notify(
            recipient=recipient,
            kind=kind,
            text="Kofi mentioned you in “Groundwater recharge”",
            url="/c/groundwater/t/1-recharge/#p3",
            actor=actor,
            **kwargs,
        )
    return Notification.objects.filter(recipient=recipient).order_by("-created_at", "-pk").first()


def test_notify_never_tells_people_about_their_own_action():
    amina = UserFactory()
    assert _notify(amina, actor=amina) is None
    assert Notification.objects.count() == 0


def test_notify_email_channel_sends_multipart_email_with_one_click_unsubscribe():
    amina, kofi = UserFactory(), UserFactory()
    notification = _notify(amina, actor=kofi)
    assert notification.pk
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [amina.email]
    assert "Groundwater recharge" in message.subject
    assert "http://127.0.0.1:8000/c/groundwater/t/1-recharge/#p3" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Open in Action Hub" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert EmailDelivery.objects.get().status == DeliveryStatus.SENT


def test_notify_in_app_channel_sends_no_email():
    amina = UserFactory()
    _notify(amina, kind=NotificationKind.REACTION)
    assert Notification.objects.filter(recipient=amina).count() == 1
    assert mail.outbox == []


def test_notify_off_channel_records_nothing():
    amina = UserFactory()
    services.preference_set(user=amina, kind=NotificationKind.MENTION, channel=Channel.OFF)
    assert _notify(amina) is None
    assert Notification.objects.count() == 0


def test_notify_batches_by_group_key_into_one_unread_notification():
    amina = UserFactory()
    for n in range(1, 6):
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.notify(
                recipient=amina,
                kind=NotificationKind.REACTION,
                text=f"{n} people found your post insightful",
                group_key="reaction:post:7",
            )
    notification = Notification.objects.get(recipient=amina)
    assert notification.text == "5 people found your post insightful"


def test_failing_smtp_keeps_the_notification_and_the_sweep_sends_later():
    amina = UserFactory()
    with mock.patch("outbox.tasks.send_delivery", side_effect=OSError("SMTP down")):
        notification = _notify(amina)
    assert Notification.objects.filter(pk=notification.pk).exists()
    delivery = EmailDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "SMTP down" in delivery.last_error
    assert mail.outbox == []
    EmailDelivery.objects.update(created_at=delivery.created_at.replace(year=2020))
    outbox_sweep_task()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_broker_outage_never_fails_the_caller():
    amina = UserFactory()
    with mock.patch("outbox.tasks.email_delivery_send_task.delay", side_effect=ConnectionError("no broker")):
        notification = _notify(amina)
    assert notification.pk
    assert EmailDelivery.objects.get().status == DeliveryStatus.PENDING


def test_sent_email_is_never_sent_twice():
    from outbox.tasks import email_delivery_send_task

    amina = UserFactory()
    _notify(amina)
    delivery = EmailDelivery.objects.get()
    assert email_delivery_send_task(delivery.pk) == "nothing to do"
    assert len(mail.outbox) == 1


def test_preferences_default_and_reset_to_default_removes_row():
    amina = UserFactory()
    prefs = services.preferences_for(amina)
    assert prefs[NotificationKind.MENTION] == Channel.EMAIL
    assert prefs[NotificationKind.WATCHED_REPLY] == Channel.DIGEST
    services.preference_set(user=amina, kind=NotificationKind.MENTION, channel=Channel.IN_APP)
    assert services.preferences_for(amina)[NotificationKind.MENTION] == Channel.IN_APP
    services.preference_set(user=amina, kind=NotificationKind.MENTION, channel=Channel.EMAIL)
    assert amina.notification_prefs.count() == 0
    with pytest.raises(ValueError):
        services.preference_set(user=amina, kind="nonsense", channel=Channel.EMAIL)


def test_mark_read_only_touches_own_notifications():
    amina, kofi = UserFactory(), UserFactory()
    mine = _notify(amina)
    assert services.notification_mark_read(user=kofi, notification_id=mine.pk) is None
    mine.refresh_from_db()
    assert mine.read_at is None
    services.notification_mark_read(user=amina, notification_id=mine.pk)
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert services.unread_count(amina) == 0


def test_batch_send_uses_one_connection_and_keeps_failures_pending():
    from notifications.emails import notification_delivery_create
    from outbox.tasks import email_delivery_send_batch_task

    users = [UserFactory() for _ in range(3)]
    ids = []
    for user in users:
        n = Notification.objects.create(recipient=user, kind=NotificationKind.MENTION, text="Hi", url="/")
        ids.append(notification_delivery_create(n).pk)
    real_send = __import__("outbox.sending", fromlist=["send_delivery"]).send_delivery

    def flaky(delivery, connection=None):
        if delivery.recipient_id == users[1].pk:
            raise OSError("mailbox unavailable")
        return real_send(delivery, connection=connection)

    with mock.patch("outbox.tasks.send_delivery", side_effect=flaky):
        result = email_delivery_send_batch_task(ids)
    assert result == {"sent": 2, "failed": 1}
    assert len(mail.outbox) == 2
    failed = EmailDelivery.objects.get(recipient=users[1])
    assert failed.status == DeliveryStatus.PENDING and failed.attempts == 1
    assert email_delivery_send_batch_task(ids) == {"sent": 1, "failed": 0}  # only the pending one again
    assert len(mail.outbox) == 3


def test_unread_count_is_cached_and_every_write_refreshes_it(django_assert_num_queries):
    amina = UserFactory()
    _notify(amina, kind=NotificationKind.REACTION)
    assert services.unread_count(amina) == 1
    with django_assert_num_queries(0):
        assert services.unread_count(amina) == 1
    second = _notify(amina, kind=NotificationKind.REACTION, group_key="other")
    assert services.unread_count(amina) == 2
    services.notification_mark_read(user=amina, notification_id=second.pk)
    assert services.unread_count(amina) == 1
    services.notification_mark_all_read(user=amina)
    assert services.unread_count(amina) == 0
