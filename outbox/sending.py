"""The worker's side of the outbox: claim a row, send it, mark it (used by ``outbox.tasks``).

Exactly once, per outbox row: each row is claimed, sent and marked sent in its own short
transaction, holding only that row's lock (``of=("self",)``: the recipient's user row is read,
not locked, so another mail to the same member is never skipped because of it).  A worker
killed after the SMTP server accepted a message but before the commit leaves that one row
pending and it is sent again by the sweep: the send-then-mark window is at most one message
per worker, and the copy carries the same Message-ID (:func:`delivery_message_id`).  A kill
anywhere else loses nothing and sends nothing twice: rows not yet claimed stay pending.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from outbox.models import DeliveryStatus, EmailDelivery

logger = logging.getLogger("outbox")
MAX_ATTEMPTS = 6


def claim(delivery_id: int) -> EmailDelivery | None:
    """Lock one pending row for this transaction; None when sent, failed or held by another worker."""
    return (
        EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )


def delivery_mark(*, delivery: EmailDelivery, sent: bool, error: str = "") -> None:
    """Count one attempt: sent, or the error kept for the next try."""
    delivery.attempts += 1
    if sent:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
    else:
        delivery.last_error = error[:500]
    delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])


def give_up_if_exhausted(delivery: EmailDelivery) -> bool:
    if delivery.attempts < MAX_ATTEMPTS:
        return False
    delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["status"])
    logger.error("Email %s failed %s times; giving up", delivery.pk, delivery.attempts)
    return True


def delivery_message_id(delivery: EmailDelivery) -> str:
    """The same Message-ID every time this outbox row is sent, so a copy re-sent after a
    crash is recognisable as the same message downstream."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<delivery.{delivery.pk}.{int(delivery.created_at.timestamp())}@{domain}>"


def send_delivery(delivery: EmailDelivery, connection=None) -> None:
    """Send one outbox row through the configured backend (raises on SMTP failure)."""
    address = delivery.address
    if not address:
        raise ValueError(f"email {delivery.pk} has no address")
    headers = {"Message-ID": delivery_message_id(delivery)}
    if delivery.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{delivery.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    headers["Auto-Submitted"] = "auto-generated"
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        reply_to=[delivery.reply_to] if delivery.reply_to else None,
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(delivery.body_html, "text/html")
    message.send(fail_silently=False)
