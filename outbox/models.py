"""The outbox: one row per email, written in the transaction of the write it reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class EmailDelivery(models.Model):
    """Outbox row for one email.  Written in the request's transaction; a worker sends it,
    and a periodic sweep re-sends anything a broker or mail server outage left behind.

    A member is ``recipient`` (their current address is read at send time, so a changed
    address is followed); ``to_email``, when set, is the address used instead: someone without
    an account (an invitation, the staff's contact inbox) or the very address a member was
    invited at."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_email = models.EmailField(max_length=254, blank=True)
    reply_to = models.EmailField(max_length=254, blank=True)
    kind = models.CharField(max_length=20)
    # What the mail is about, as "<noun>:<id>" ("notification:12", "invitation:3"): lets the app
    # that wrote it find its rows (privacy erasure, idempotent re-runs) without a foreign key
    # pointing up the layers.
    source = models.CharField(max_length=80, blank=True, db_index=True)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField()
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        # The index keeps the name it had in notifications (the table moved, the index with it).
        indexes = [models.Index(fields=["status", "created_at"], name="notificatio_status_4cbb98_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(to_email=""), name="outbox_delivery_has_address"
            )
        ]

    def __str__(self):
        return f"{self.subject} -> {self.recipient_id or self.to_email} ({self.status})"

    @property
    def address(self) -> str:
        """Where it goes: ``to_email`` when set, else the member's address now."""
        if self.to_email or self.recipient_id is None:
            return self.to_email
        return self.recipient.email
