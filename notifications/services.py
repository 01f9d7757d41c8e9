"""Creating notifications.  Callers decide *who* may be told (they know the content's
permissions); this module never notifies someone about their own action."""

import logging

from django.db import transaction
from django.utils import timezone

from notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(
    *, recipient, kind, text, url="", actor=None, community=None, data=None, group_key=""
) -> Notification | None:
    """Record one in-app notification (or refresh the batched one with the same group_key)."""
    if recipient is None or not recipient.is_active:
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    with transaction.atomic():
        notification = None
        if group_key:
            notification = (
                Notification.objects.select_for_update()
                .filter(recipient=recipient, group_key=group_key, read_at__isnull=True)
                .first()
            )
        if notification is not None:
            notification.text = text
            notification.actor = actor
            notification.data = data or {}
            notification.created_at = timezone.now()
            notification.save(update_fields=["text", "actor", "data", "created_at"])
        else:
            notification = Notification.objects.create(
                recipient=recipient,
                actor=actor,
                kind=kind,
                text=text[:300],
                url=url,
                community=community,
                data=data or {},
                group_key=group_key,
            )
        transaction.on_commit(lambda: push_unread_count(recipient.pk))
    return notification


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def push_unread_count(user_id: int) -> None:
    """Best effort: tell the user's open sockets the new bell count (see realtime issue)."""
    try:
        from asgiref.sync import async_to_sync
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        if layer is None:
            return
        count = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
        async_to_sync(layer.group_send)(f"user.{user_id}", {"type": "notifications.count", "count": count})
    except Exception:
        logger.warning("Could not push the notification count to user %s", user_id, exc_info=True)
