"""Email for notifications and digests: multipart (text + HTML), branded, with a
one-click unsubscribe (signed token; List-Unsubscribe and List-Unsubscribe-Post)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.models import EmailDelivery, Notification

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def unsubscribe_token(user_id: int, scope: str) -> str:
    """scope: ``kind:<kind>``, ``community:<id>`` (that community's digest) or ``digest:all``."""
    return signing.dumps({"u": user_id, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Raises signing.BadSignature for a forged or damaged token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["s"])


def unsubscribe_url(user_id: int, scope: str) -> str:
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id, scope)}))


def notification_delivery_create(notification: Notification) -> EmailDelivery:
    """Render the email for a notification into the outbox (inside the caller's transaction)."""
    user = notification.recipient
    link = absolute(notification.url or reverse("notifications:list"))
    unsubscribe = unsubscribe_url(user.pk, f"kind:{notification.kind}")
    context = {
        "user": user,
        "notification": notification,
        "link": link,
        "unsubscribe_url": unsubscribe,
        "kind_label": notification.get_kind_display(),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "site_name": settings.SITE_NAME,
    }
    return EmailDelivery.objects.create(
        recipient=user,
        notification=notification,
        kind=notification.kind,
        subject=f"[{settings.SITE_NAME}] {notification.text}"[:200],
        body_text=render_to_string("notifications/email/notification.txt", context),
        body_html=render_to_string("notifications/email/notification.html", context),
        unsubscribe_url=unsubscribe,
    )


def delivery_message_id(delivery: EmailDelivery) -> str:
    """The same Message-ID every time this outbox row is sent, so a copy re-sent after a
    crash (see ``notifications.tasks``) is recognisable as the same message downstream."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<delivery.{delivery.pk}.{int(delivery.created_at.timestamp())}@{domain}>"


def send_delivery(delivery: EmailDelivery, connection=None) -> None:
    """Send one outbox row through the configured backend (raises on SMTP failure)."""
    headers = {"Message-ID": delivery_message_id(delivery)}
    if delivery.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{delivery.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    headers["Auto-Submitted"] = "auto-generated"
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(delivery.body_html, "text/html")
    message.send(fail_silently=False)
