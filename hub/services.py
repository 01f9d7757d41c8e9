"""Site-level writes."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from hub.models import ContactMessage

logger = logging.getLogger(__name__)


def contact_message_create(*, name, email, subject, message, ip_address=None) -> ContactMessage:
    """Save a contact message, then email staff after commit (a mail failure loses nothing)."""
    with transaction.atomic():
        contact = ContactMessage.objects.create(
            name=name, email=email, subject=subject, message=message, ip_address=ip_address or None
        )
        transaction.on_commit(lambda: _email_staff(contact))
    return contact


def _email_staff(contact):
    try:
        send_mail(
            subject=f"[Action Hub contact] {contact.subject}",
            message=f"From: {contact.name} <{contact.email}>\n\n{contact.message}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=settings.STAFF_EMAILS,
        )
    except Exception:
        logger.exception("Contact message %s saved but the staff email failed", contact.pk)
