"""Celery tasks of notifications: take ids, idempotent, retried with backoff."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.digests import digests_send_due
from notifications.emails import send_delivery
from notifications.models import DeliveryStatus, EmailDelivery
from notifications.services import delivery_mark

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


# Exactly once, per outbox row: each row is claimed, sent and marked sent in its own short
# transaction, holding only that row's lock (``of=("self",)``: the recipient's user row is
# read, not locked, so another mail to the same member is never skipped because of it).
# A worker killed after the SMTP server accepted a message but before the commit leaves that
# one row pending and it is sent again by the sweep: the send-then-mark window is at most
# one message per worker, and the copy carries the same Message-ID (emails.delivery_message_id).
# A kill anywhere else loses nothing and sends nothing twice: rows not yet claimed stay pending.
MAX_RETRY_COUNTDOWN = 1800  # below the broker's visibility timeout (hub/settings/base.py)


def _claim(delivery_id: int) -> EmailDelivery | None:
    """Lock one pending row for this transaction; None when sent, failed or held by another worker."""
    return (
        EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )


def _give_up_if_exhausted(delivery: EmailDelivery) -> bool:
    if delivery.attempts < MAX_ATTEMPTS:
        return False
    delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["status"])
    logger.error("Email %s failed %s times; giving up", delivery.pk, delivery.attempts)
    return True


@shared_task(
    bind=True, acks_late=True, max_retries=MAX_ATTEMPTS, ignore_result=True, time_limit=120, soft_time_limit=100
)
def email_delivery_send_task(self, delivery_id: int) -> str:
    """Send one outbox email once (a sent row is never sent again)."""
    error = None
    with transaction.atomic():
        delivery = _claim(delivery_id)
        if delivery is None:
            return "nothing to do"
        try:
            send_delivery(delivery)
        except Exception as exc:
            error = exc
        delivery_mark(delivery=delivery, sent=error is None, error=repr(error) if error else "")
        if error is not None and _give_up_if_exhausted(delivery):
            return "failed"
    if error is None:
        return "sent"
    if self.request.is_eager:
        # In-process (embedded default): never block the request; the sweep retries.
        logger.warning("Email %s failed (%s); the outbox sweep will retry", delivery_id, error)
        return "deferred"
    raise self.retry(exc=error, countdown=_retry_delay(delivery.attempts))


@shared_task(acks_late=True, ignore_result=True, time_limit=900, soft_time_limit=840)
def email_delivery_send_batch_task(delivery_ids: list[int]) -> dict:
    """Send many outbox emails over one mail connection, each row claimed and marked on its
    own; failures stay pending for the sweep."""
    sent = failed = 0
    connection = None
    try:
        for delivery_id in delivery_ids:
            with transaction.atomic():
                delivery = _claim(delivery_id)
                if delivery is None:
                    continue
                if connection is None:
                    try:
                        connection = get_connection(fail_silently=False)
                        connection.open()
                    except Exception as exc:
                        connection = None
                        logger.warning("Mail server unavailable (%s); the outbox sweep will retry", exc)
                        delivery_mark(delivery=delivery, sent=False, error=repr(exc))
                        _give_up_if_exhausted(delivery)
                        return {"sent": sent, "failed": failed + 1}
                try:
                    send_delivery(delivery, connection=connection)
                except Exception as exc:
                    delivery_mark(delivery=delivery, sent=False, error=repr(exc))
                    _give_up_if_exhausted(delivery)
                    failed += 1
                    # The connection may be broken: open a fresh one for the next row.
                    _close_quietly(connection)
                    connection = None
                    continue
                # The message has left; committing this mark closes the one-message window.
                delivery_mark(delivery=delivery, sent=True)
                sent += 1
    finally:
        _close_quietly(connection)
    return {"sent": sent, "failed": failed}


def _close_quietly(connection) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except Exception:
        logger.debug("Closing the mail connection failed", exc_info=True)


def _retry_delay(attempts: int) -> int:
    return min(MAX_RETRY_COUNTDOWN, 30 * 2**attempts)


def _due_for_sweep(now) -> Q:
    """Rows never tried (a lost task, a killed worker) once they are OUTBOX_SWEEP_MIN_AGE old;
    rows that failed only once the retry backoff would have reached them, so a mail server
    outage is not burnt through MAX_ATTEMPTS by the frequent sweep."""
    due = Q()
    waited = settings.OUTBOX_SWEEP_MIN_AGE
    for attempts in range(MAX_ATTEMPTS):
        due |= Q(attempts=attempts, created_at__lt=now - datetime.timedelta(seconds=waited))
        waited += _retry_delay(attempts + 1)
    return due


@shared_task(acks_late=True, ignore_result=True)
def outbox_sweep_task() -> int:
    """Send what a broker outage or a failed attempt left pending (runs every few minutes)."""
    ids = list(
        EmailDelivery.objects.filter(_due_for_sweep(timezone.now()), status=DeliveryStatus.PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for delivery_id in ids:
        try:
            email_delivery_send_task.delay(delivery_id)
        except Exception:
            logger.warning("Broker unavailable during sweep; email %s stays pending", delivery_id, exc_info=True)
            break
    return len(ids)


# Digest runs are idempotent (one DigestRun per member and period) and beat starts one every
# few minutes: a run killed mid-build is made up by the next one.  The time limits stay
# below the broker's visibility timeout, so a message is never re-delivered while running.
@shared_task(acks_late=True, ignore_result=True, time_limit=1500, soft_time_limit=1440)
def digests_send_due_task() -> dict:
    """Every few minutes: send the digests whose local morning has come (exactly once per period)."""
    return digests_send_due()


@shared_task(acks_late=True, ignore_result=True, time_limit=1500, soft_time_limit=1440)
def digests_send_now_task(frequency: str) -> dict:
    """On demand (staff, tests): send the ``frequency`` digest to everyone now, once per period."""
    return digests_send_due(force_frequency=frequency)


# --- Notification fan-out ---------------------------------------------------------------------
# Defined beside ``notify_many`` (which schedules it) so services never import this module;
# named here so the worker's autodiscovery registers it.
from notifications.services import notifications_fan_out_task  # noqa: E402, F401
