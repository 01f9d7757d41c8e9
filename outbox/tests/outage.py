"""A mail server outage for tests: every send raises SMTPException until it ends."""

import contextlib
import datetime
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone


class FailingBackend(BaseEmailBackend):
    """The SMTP server refuses every message (down, or refusing connections)."""

    def open(self):
        raise smtplib.SMTPConnectError(421, "Service not available")

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@contextlib.contextmanager
def smtp_down():
    with override_settings(EMAIL_BACKEND="outbox.tests.outage.FailingBackend"):
        yield


def sweep_later(*, runs: int = 2) -> None:
    """After the outage: time passes beyond every row's retry backoff and the sweep runs
    ``runs`` times (the locmem backend is back)."""
    from outbox.models import DeliveryStatus, EmailDelivery
    from outbox.tasks import outbox_sweep_task

    EmailDelivery.objects.filter(status=DeliveryStatus.PENDING).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    for _ in range(runs):
        outbox_sweep_task()
