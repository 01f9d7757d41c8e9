"""Creating, delivering and reading notifications.

Callers decide *who* may be told (they know the content's permissions); this module
never notifies someone about their own action, honours each member's channel choice
per kind, and never lets an email or broker failure reach the caller's request.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.urls import translate_url
from django.utils import timezone, translation

from hub import i18n
from notifications.models import (
    Channel,
    Notification,
    NotificationKind,
    NotificationPreference,
    default_channel,
)
from outbox.services import enqueue_delivery
from realtime import push

logger = logging.getLogger(__name__)


def channel_for(user, kind) -> str:
    """The member's channel for ``kind`` (their preference, else the default)."""
    pref = NotificationPreference.objects.filter(user=user, kind=kind).values_list("channel", flat=True).first()
    return pref or default_channel(kind)


def notify(
    *, recipient, kind, text, url="", actor=None, community=None, data=None, group_key="", email=True
) -> Notification | None:
    """Record one in-app notification (or refresh the batched one with the same group_key),
    and email it at once when that is the member's choice for this kind.  ``email=False``
    when the caller sends its own, fuller mail about the same event (an invitation)."""
    if recipient is None or not recipient.is_active:
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    channel = channel_for(recipient, kind)
    if channel == Channel.OFF:
        return None
    # The text and its email are written in the recipient's language, whatever the sender's:
    # callers pass a lazy or ``hub.i18n.deferred`` message, turned into text here.
    language = i18n.member_language(recipient)
    if url and url.startswith("/"):
        url = translate_url(url, language)  # built under the sender's prefix (/fr/...)
    with translation.override(language):
        return _notify(recipient, kind, str(text), url, actor, community, data, group_key, channel, email)


def _notify(recipient, kind, text, url, actor, community, data, group_key, channel, email=True):
    with transaction.atomic():
        notification = None
        if group_key:
            notification = (
                Notification.objects.select_for_update()
                .filter(recipient=recipient, group_key=group_key, read_at__isnull=True)
                .first()
            )
        if notification is not None:
            notification.text = text[:300]
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
            # Batched kinds (reactions) email once per batch, not on every refresh.
            if channel == Channel.EMAIL and email:
                from notifications.emails import notification_delivery_create

                delivery = notification_delivery_create(notification)
                enqueue_delivery(delivery.pk)
        _forget_unread(recipient.pk)
        transaction.on_commit(lambda: push_unread_count(recipient.pk))
    return notification


def notification_mark_read(*, user, notification_id) -> Notification | None:
    """Mark one of the user's notifications read; returns it (None if not theirs)."""
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _forget_unread(user.pk)
        transaction.on_commit(lambda: push_unread_count(user.pk))
    return notification


def notification_mark_all_read(*, user) -> int:
    updated = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    _forget_unread(user.pk)
    transaction.on_commit(lambda: push_unread_count(user.pk))
    return updated


def preference_set(*, user, kind, channel) -> None:
    if kind not in NotificationKind.values or channel not in Channel.values:
        raise ValueError("unknown notification kind or channel")
    if channel == default_channel(kind):
        NotificationPreference.objects.filter(user=user, kind=kind).delete()
    else:
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


def preferences_for(user) -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, default_channel(kind)) for kind in NotificationKind.values}


UNREAD_CACHE_SECONDS = 120


def _unread_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def _forget_unread(user_id) -> None:
    try:
        cache.delete(_unread_key(user_id))
    except Exception:
        logger.warning("Could not drop the cached unread count of %s", user_id)


def unread_count(user) -> int:
    """The bell's number; cached per member and refreshed by every write through this module."""
    if not user.is_authenticated:
        return 0
    key = _unread_key(user.pk)
    try:
        count = cache.get(key)
    except Exception:  # a cache outage costs one query, never the page
        count = None
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        try:
            cache.set(key, count, UNREAD_CACHE_SECONDS)
        except Exception:
            logger.warning("Could not cache the unread count of %s", user.pk)
    return count


def push_unread_count(user_id: int) -> None:
    """Best effort: tell the user's open sockets the new bell count."""
    try:
        count = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
        cache.set(_unread_key(user_id), count, UNREAD_CACHE_SECONDS)
    except Exception:
        logger.warning("Could not count the notifications of user %s", user_id, exc_info=True)
        return
    push.send_to_user(user_id, {"type": "notifications.count", "count": count})
