"""Site-level writes."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy

from hub.i18n import deferred
from hub.models import ContactMessage
from outbox.services import email_queue

logger = logging.getLogger(__name__)


def contact_message_create(*, name, email, subject, message, ip_address=None) -> ContactMessage:
    """Save a contact message and put its email to the staff into the outbox (same transaction:
    a mail server outage delays the email, never loses it or the message)."""
    with transaction.atomic():
        contact = ContactMessage.objects.create(
            name=name, email=email, subject=subject, message=message, ip_address=ip_address or None
        )
        for address in settings.STAFF_EMAILS:
            email_queue(
                to_email=address,
                language=settings.LANGUAGE_CODE,  # the team's inbox, whatever the visitor's page
                kind="contact",
                subject=deferred(
                    gettext_lazy("[%(site)s contact] %(subject)s"), site=settings.SITE_NAME, subject=contact.subject
                ),
                template="hub/email/contact",
                context={"contact": contact},
                reply_to=contact.email,
                source=f"contact:{contact.pk}",
            )
    return contact
