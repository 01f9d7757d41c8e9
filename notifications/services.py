"""Creating, delivering and reading notifications.

Callers decide *who* may be told (they know the content's permissions) and call
``notify_many`` with ids; this module never notifies someone about their own action, does the
work after commit in one Celery task (bulk reads and writes), honours each member's channel
choice per kind, and never lets an email or broker failure reach the caller's request.
"""

import logging
import uuid

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from hub import i18n
from hub.effects import on_commit
from notifications.emails import notification_delivery_create
from notifications.models import (
    Channel,
    Notification,
    NotificationKind,
    NotificationPreference,
    default_channel,
)
from outbox.services import enqueue_delivery, enqueue_delivery_batch
from realtime import push

logger = logging.getLogger(__name__)


def channel_for(user, kind) -> str:
    """The member's channel for ``kind`` (their preference, else the default)."""
    pref = NotificationPreference.objects.filter(user=user, kind=kind).values_list("channel", flat=True).first()
    return pref or default_channel(kind)


# --- Telling people: scheduled in the request, written after commit by one Celery task --------
#
# A service says *who* is told (it knows the content's permissions) with ``notify_many`` and
# ids; nothing more happens inside its transaction.  After commit one task loads the
# recipients, reads all their channel choices in one query, writes the Notification rows in
# bulk, renders the email of those who chose email into the outbox, and pushes the bell
# counts.  The text is rendered here in every site language (a few catalogue look-ups, no
# query) so the task, which only takes JSON, writes to each member in their own language.


def notify_many(
    *,
    kind,
    recipient_ids,
    text,
    url="",
    actor_id=None,
    community_id=None,
    data=None,
    group_key="",
    email=True,
    exclude=(),
    key=None,
) -> None:
    """Tell ``recipient_ids`` about one event, after commit and off the request.

    ``text`` is a plain string or a lazy / ``hub.i18n.deferred`` message (rendered in each
    recipient's language).  The actor and ``exclude`` are never told; inactive members and
    those who turned ``kind`` off are skipped by the task.  ``group_key`` folds repeated
    events into the recipient's unread notification ("5 reactions..."); ``email=False``
    when the caller sends its own, fuller mail about the same event (an invitation).
    ``key`` names the event for a caller that may itself run twice (a retried task):
    the same key never tells the same person twice."""
    skip = {int(i) for i in exclude if i is not None}
    if actor_id is not None:
        skip.add(int(actor_id))
    ids = [pk for pk in dict.fromkeys(int(i) for i in recipient_ids if i is not None) if pk not in skip]
    if not ids:
        return
    payload = {
        "kind": str(kind),
        "recipient_ids": ids,
        "texts": _texts(text),
        # Without the sender's language prefix: the task puts each recipient's own.
        "url": i18n.unprefixed(str(url or "")),
        "actor_id": actor_id,
        "community_id": community_id,
        "data": data or {},
        "group_key": group_key,
        "email": bool(email),
        # One key per event: a retried task finds what it already wrote (see notifications_fan_out).
        "key": str(key) if key else uuid.uuid4().hex,
        "at": timezone.now().isoformat(),
    }
    on_commit(_dispatch, payload)


def notify(*, recipient, kind, text, url="", actor=None, community=None, data=None, group_key="", email=True) -> None:
    """``notify_many`` for one recipient given as a user (tests, demo data)."""
    if recipient is None:
        return
    notify_many(
        kind=kind,
        recipient_ids=[recipient.pk],
        text=text,
        url=url,
        actor_id=actor.pk if actor is not None else None,
        community_id=community.pk if community is not None else None,
        data=data,
        group_key=group_key,
        email=email,
    )


def _texts(text) -> dict[str, str]:
    if isinstance(text, str):  # already text: the same words for everyone
        return {"": text[:300]}
    texts = {}
    for code in sorted(i18n.site_languages()):
        with translation.override(code):
            texts[code] = str(text)[:300]
    return texts


def _dispatch(payload) -> None:
    if notifications_fan_out_task.delay(payload) is None:
        # The broker refused the task (hub.celery.ResilientTask logged it): write the
        # notifications here, after commit, rather than lose them.
        notifications_fan_out(payload)


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=300,
    soft_time_limit=280,
)
def notifications_fan_out_task(payload: dict) -> int:
    """Write the notifications ``notify_many`` scheduled (idempotent: safe to run twice)."""
    return notifications_fan_out(payload)


def notifications_fan_out(payload: dict) -> int:
    """Create (or refresh, for a ``group_key``) the recipients' notifications; returns how many.

    Idempotent: a one-off notification carries its call's key as ``group_key`` ("once:<key>"),
    so a second run finds it; a batched one is skipped when the recipient already has a row of
    that group from this event or a later one (a late retry never overwrites newer words)."""
    kind = payload["kind"]
    at = parse_datetime(payload["at"]) or timezone.now()
    users = list(get_user_model().objects.filter(pk__in=payload["recipient_ids"], is_active=True))
    if not users:
        return 0
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=[u.pk for u in users], kind=kind).values_list(
            "user_id", "channel"
        )
    )
    channels = {u.pk: chosen.get(u.pk) or default_channel(kind) for u in users}
    users = [u for u in users if channels[u.pk] != Channel.OFF]
    if not users:
        return 0
    batched = bool(payload["group_key"])
    group_key = payload["group_key"] or f"once:{payload['key']}"
    language_of = {u.pk: i18n.member_language(u) for u in users}
    with transaction.atomic():
        done = Notification.objects.filter(recipient_id__in=list(language_of), group_key=group_key)
        if batched:
            done = done.filter(created_at__gte=at)
        done = set(done.values_list("recipient_id", flat=True))
        users = [u for u in users if u.pk not in done]
        unread = {}
        if batched and users:
            unread = {
                n.recipient_id: n
                for n in Notification.objects.select_for_update().filter(
                    recipient_id__in=[u.pk for u in users], group_key=group_key, read_at__isnull=True
                )
            }
        urls = {}
        refreshed, created = [], []
        for user in users:
            language = language_of[user.pk]
            text = _text_in(payload["texts"], language)
            notification = unread.get(user.pk)
            if notification is not None:
                notification.text = text
                notification.actor_id = payload["actor_id"]
                notification.data = payload["data"]
                notification.created_at = at
                refreshed.append(notification)
                continue
            if language not in urls:
                urls[language] = _url_in(payload["url"], language)
            created.append(
                Notification(
                    recipient=user,
                    actor_id=payload["actor_id"],
                    kind=kind,
                    text=text,
                    url=urls[language],
                    community_id=payload["community_id"],
                    data=payload["data"],
                    group_key=group_key,
                    created_at=at,
                )
            )
        if refreshed:
            Notification.objects.bulk_update(refreshed, ["text", "actor", "data", "created_at"])
        if created:
            Notification.objects.bulk_create(created)
        # Batched kinds (reactions) email once per batch, not on every refresh.
        if payload["email"]:
            mailed = [n for n in created if channels[n.recipient_id] == Channel.EMAIL]
            _outbox_send([_outbox_write(n, language_of[n.recipient_id]) for n in mailed])
        told = [n.recipient_id for n in refreshed + created]
        _forget_unread_many(told)
        for user_id in told:
            on_commit(push_unread_count, user_id)
    return len(told)


def _text_in(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or texts.get("") or ""


def _url_in(url: str, language: str) -> str:
    if not url.startswith("/"):
        return url
    with translation.override(settings.LANGUAGE_CODE):  # the unprefixed path resolves in English
        return translate_url(url, language)


# The outbox is reached through these two functions only.
def _outbox_write(notification, language) -> int:
    """The notification's email, rendered in the recipient's language, as an outbox row."""
    with translation.override(language):
        return notification_delivery_create(notification).pk


def _outbox_send(delivery_ids) -> None:
    if len(delivery_ids) == 1:
        enqueue_delivery(delivery_ids[0])
    elif delivery_ids:
        enqueue_delivery_batch(delivery_ids)


def notification_mark_read(*, user, notification_id) -> Notification | None:
    """Mark one of the user's notifications read; returns it (None if not theirs)."""
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _forget_unread(user.pk)
        on_commit(push_unread_count, user.pk)
    return notification


def notification_mark_all_read(*, user) -> int:
    updated = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    _forget_unread(user.pk)
    on_commit(push_unread_count, user.pk)
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


def _forget_unread_many(user_ids) -> None:
    try:
        cache.delete_many([_unread_key(user_id) for user_id in user_ids])
    except Exception:
        logger.warning("Could not drop the cached unread counts of %s members", len(user_ids))


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
