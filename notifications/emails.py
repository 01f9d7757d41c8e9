"""Email for notifications and digests, written into the outbox (``outbox.services``):
multipart (text + HTML), branded, with a one-click unsubscribe per kind (signed token;
List-Unsubscribe and List-Unsubscribe-Post)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from notifications.models import Notification
from outbox.models import EmailDelivery
from outbox.services import absolute, delivery_create, link

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user_id: int, scope: str) -> str:
    """scope: ``kind:<kind>``, ``community:<id>`` (that community's digest) or ``digest:all``."""
    return signing.dumps({"u": user_id, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Raises signing.BadSignature for a forged or damaged token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["s"])


def unsubscribe_url(user_id: int, scope: str) -> str:
    """The one-click unsubscribe page for ``scope`` (registered as the outbox's link builder)."""
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id, scope)}))


def notification_source(notification_id: int) -> str:
    """The outbox ``source`` of a notification's email."""
    return f"notification:{notification_id}"


def notification_delivery_create(notification: Notification) -> EmailDelivery | None:
    """Render the email for a notification into the outbox (inside the caller's transaction;
    the caller queues it)."""
    return delivery_create(
        to_user=notification.recipient,
        kind=notification.kind,
        subject=f"[{settings.SITE_NAME}] {notification.text}",
        template="notifications/email/notification",
        context={
            "notification": notification,
            "link": absolute(notification.url) if notification.url else link("notifications:list"),
            "kind_label": notification.get_kind_display(),
            "preferences_url": link("notifications:preferences"),
        },
        unsubscribe_scope=f"kind:{notification.kind}",
        source=notification_source(notification.pk),
    )
