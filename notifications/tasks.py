"""Celery tasks of notifications: take ids, idempotent, retried with backoff."""

import datetime
import logging

from celery import shared_task
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.digests import digests_send_due
from notifications.emails import send_delivery
from notifications.models import DeliveryStatus, EmailDelivery
from notifications.services import delivery_mark

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS, ignore_result=True)
def email_delivery_send_task(self, delivery_id: int) -> str:
    """Send one outbox email once (a sent row is never sent again)."""
    error = None
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return "nothing to do"
        try:
            send_delivery(delivery)
        except Exception as exc:
            error = exc
        delivery_mark(delivery=delivery, sent=error is None, error=repr(error) if error else "")
        if error is not None and delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["status"])
            logger.error("Email %s failed %s times; giving up", delivery_id, delivery.attempts)
            return "failed"
    if error is None:
        return "sent"
    if self.request.is_eager:
        # In-process (embedded default): never block the request; the sweep retries.
        logger.warning("Email %s failed (%s); the outbox sweep will retry", delivery_id, error)
        return "deferred"
    raise self.retry(exc=error, countdown=min(3600, 30 * 2**delivery.attempts))


@shared_task(acks_late=True, ignore_result=True, time_limit=900, soft_time_limit=840)
def email_delivery_send_batch_task(delivery_ids: list[int]) -> dict:
    """Send many outbox emails over one mail connection; failures stay pending for the sweep."""
    sent, failed = [], []
    with transaction.atomic():
        rows = list(
            EmailDelivery.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk__in=delivery_ids, status=DeliveryStatus.PENDING)
        )
        if not rows:
            return {"sent": 0, "failed": 0}
        try:
            connection = get_connection(fail_silently=False)
            connection.open()
        except Exception as exc:
            logger.warning("Mail server unavailable (%s); %s emails stay pending", exc, len(rows))
            EmailDelivery.objects.filter(pk__in=[r.pk for r in rows]).update(
                attempts=F("attempts") + 1, last_error=repr(exc)[:500]
            )
            return {"sent": 0, "failed": len(rows)}
        try:
            for delivery in rows:
                try:
                    send_delivery(delivery, connection=connection)
                    sent.append(delivery.pk)
                except Exception as exc:
                    failed.append((delivery.pk, repr(exc)[:500]))
        finally:
            connection.close()
        now = timezone.now()
        EmailDelivery.objects.filter(pk__in=sent).update(
            status=DeliveryStatus.SENT, sent_at=now, attempts=F("attempts") + 1, last_error=""
        )
        for pk, error in failed:
            EmailDelivery.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=error)
    return {"sent": len(sent), "failed": len(failed)}


@shared_task(acks_late=True, ignore_result=True)
def outbox_sweep_task() -> int:
    """Send what a broker outage or a failed attempt left pending (runs every few minutes)."""
    cutoff = timezone.now() - datetime.timedelta(minutes=2)
    ids = list(
        EmailDelivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for delivery_id in ids:
        try:
            email_delivery_send_task.delay(delivery_id)
        except Exception:
            logger.warning("Broker unavailable during sweep; email %s stays pending", delivery_id)
            break
    return len(ids)


@shared_task(acks_late=True, ignore_result=True, time_limit=3600, soft_time_limit=3300)
def digests_send_due_task() -> dict:
    """Hourly: send the digests whose local morning has come (exactly once per period)."""
    return digests_send_due()


@shared_task(acks_late=True, ignore_result=True, time_limit=3600, soft_time_limit=3300)
def digests_send_now_task(frequency: str) -> dict:
    """On demand (staff, tests): send the ``frequency`` digest to everyone now, once per period."""
    return digests_send_due(force_frequency=frequency)
