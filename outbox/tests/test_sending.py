"""The outbox sends each row exactly once: claimed, sent and marked one row at a time."""

import datetime
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UserFactory
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.sending import delivery_message_id
from outbox.tasks import email_delivery_send_batch_task, email_delivery_send_task
from outbox.tests.factories import EmailDeliveryFactory

UTC = datetime.UTC


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even ``except Exception``."""


def _deliveries(count, recipient=None):
    return [
        (EmailDeliveryFactory(recipient=recipient) if recipient else EmailDeliveryFactory()).pk for _ in range(count)
    ]


@pytest.mark.django_db
def test_batch_killed_mid_send_keeps_what_was_sent_and_leaves_only_the_rest_pending():
    ids = _deliveries(5)
    real_send = __import__("outbox.sending", fromlist=["send_delivery"]).send_delivery

    def dies_on_the_fourth(delivery, connection=None):
        real_send(delivery, connection=connection)
        if delivery.pk == ids[3]:
            raise WorkerKilled  # after the server took the message, before the mark commits

    with mock.patch("outbox.tasks.send_delivery", side_effect=dies_on_the_fourth), pytest.raises(WorkerKilled):
        email_delivery_send_batch_task(ids)
    statuses = dict(EmailDelivery.objects.values_list("pk", "status"))
    assert [statuses[pk] for pk in ids] == ["sent", "sent", "sent", "pending", "pending"]
    # The re-run sends the two pending rows: the fourth is the one message the window allows
    # twice, and it goes out with the same Message-ID as before.
    assert email_delivery_send_batch_task(ids) == {"sent": 2, "failed": 0}
    message_ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(message_ids) == 6 and len(set(message_ids)) == 5
    assert message_ids[3] == message_ids[4] == delivery_message_id(EmailDelivery.objects.get(pk=ids[3]))
    assert email_delivery_send_batch_task(ids) == {"sent": 0, "failed": 0}


@pytest.mark.django_db
def test_message_id_is_stable_per_delivery_and_unique_across_deliveries():
    first, second = (EmailDelivery.objects.get(pk=pk) for pk in _deliveries(2))
    assert delivery_message_id(first) == delivery_message_id(EmailDelivery.objects.get(pk=first.pk))
    assert delivery_message_id(first) != delivery_message_id(second)
    assert delivery_message_id(first).startswith("<delivery.") and delivery_message_id(first).endswith(">")


@pytest.mark.django_db
def test_mail_server_down_leaves_the_batch_pending_with_one_attempt_counted():
    ids = _deliveries(3)
    with mock.patch("outbox.tasks.get_connection", side_effect=OSError("connection refused")):
        assert email_delivery_send_batch_task(ids) == {"sent": 0, "failed": 1}
    rows = EmailDelivery.objects.order_by("pk")
    assert [r.status for r in rows] == ["pending"] * 3
    assert [r.attempts for r in rows] == [1, 0, 0]
    assert email_delivery_send_batch_task(ids) == {"sent": 3, "failed": 0}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_a_second_mail_to_the_same_member_is_not_skipped_while_another_row_is_locked():
    amina = UserFactory(email="amina@example.org")
    locked_id, free_id = _deliveries(2, recipient=amina)
    holding, release, errors = threading.Event(), threading.Event(), []

    def other_worker():
        # Another worker busy with Amina's first mail, and her user row locked too (a
        # profile save in progress): neither may hold back her second mail.
        try:
            with transaction.atomic():
                EmailDelivery.objects.select_for_update().get(pk=locked_id)
                User.objects.select_for_update().get(pk=amina.pk)
                holding.set()
                release.wait(30)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            holding.set()
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    try:
        assert holding.wait(30)
        assert email_delivery_send_task(free_id) == "sent"
        assert email_delivery_send_batch_task([locked_id]) == {"sent": 0, "failed": 0}  # skipped, not waited on
    finally:
        release.set()
        worker.join(30)
    assert not errors, errors
    assert EmailDelivery.objects.get(pk=free_id).status == DeliveryStatus.SENT
    assert EmailDelivery.objects.get(pk=locked_id).status == DeliveryStatus.PENDING
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]


@pytest.mark.django_db
def test_sweep_picks_lost_rows_soon_and_failing_ones_only_at_their_backoff():
    from outbox.tasks import outbox_sweep_task

    lost, failing = _deliveries(2)
    minutes_ago = timezone.now() - datetime.timedelta(minutes=3)
    EmailDelivery.objects.filter(pk__in=[lost, failing]).update(created_at=minutes_ago)
    EmailDelivery.objects.filter(pk=failing).update(attempts=4)  # its next retry is ~16 min later
    with mock.patch("outbox.tasks.email_delivery_send_task.delay") as delay:
        assert outbox_sweep_task() == 1
    delay.assert_called_once_with(lost)
    EmailDelivery.objects.filter(pk=failing).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    with mock.patch("outbox.tasks.email_delivery_send_task.delay") as delay:
        assert outbox_sweep_task() == 2
