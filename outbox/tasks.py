"""Celery tasks of the outbox: take ids, idempotent, retried with backoff, swept.

The task names changed when the outbox left notifications (``notifications.tasks.*`` ->
``outbox.tasks.*``).  No aliases are kept under the old names: a message still queued under
one is refused by the worker as unregistered, and the row it named is still pending, so
:func:`outbox_sweep_task` sends it within minutes, exactly once, like any lost task.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outbox.models import DeliveryStatus, EmailDelivery
from outbox.sending import MAX_ATTEMPTS, claim, delivery_mark, give_up_if_exhausted, send_delivery

logger = logging.getLogger("outbox")
MAX_RETRY_COUNTDOWN = 1800  # below the broker's visibility timeout (hub/settings/base.py)


@shared_task(
    bind=True, acks_late=True, max_retries=MAX_ATTEMPTS, ignore_result=True, time_limit=120, soft_time_limit=100
)
def email_delivery_send_task(self, delivery_id: int) -> str:
    """Send one outbox email once (a sent row is never sent again)."""
    error = None
    with transaction.atomic():
        delivery = claim(delivery_id)
        if delivery is None:
            return "nothing to do"
        try:
            send_delivery(delivery)
        except Exception as exc:
            error = exc
        delivery_mark(delivery=delivery, sent=error is None, error=repr(error) if error else "")
        if error is not None and give_up_if_exhausted(delivery):
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
                delivery = claim(delivery_id)
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
                        give_up_if_exhausted(delivery)
                        return {"sent": sent, "failed": failed + 1}
                try:
                    send_delivery(delivery, connection=connection)
                except Exception as exc:
                    delivery_mark(delivery=delivery, sent=False, error=repr(exc))
                    give_up_if_exhausted(delivery)
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
    """Send what a broker outage or a failed attempt left pending (runs every minute)."""
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
