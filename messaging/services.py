"""Every write of private messaging: conversations, messages, read state, blocks, reports."""

import datetime as dt
import logging
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import ratelimits
from hub.effects import on_commit
from hub.i18n import deferred
from messaging import permissions as mp
from messaging.models import (
    MAX_PARTICIPANTS,
    Block,
    Conversation,
    Message,
    MessageAttachment,
    MessageReport,
    Participant,
)
from notifications.models import NotificationKind
from notifications.services import notify_many
from realtime import push
from remoteimages.services import localise_later
from uploads import validate as validate_upload

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS = 5


class RateLimited(Exception):
    """Too many conversations or messages in the current window."""

    def __init__(self, rate):
        super().__init__(rate)
        self.rate = rate
        self.retry_after = ratelimits.retry_after(rate)


def _is_new_account(user) -> bool:
    days = getattr(settings, "MESSAGING_NEW_ACCOUNT_DAYS", 7)
    return user.date_joined > timezone.now() - dt.timedelta(days=days)


def _rate(user, kind) -> str:
    """Stricter limits for accounts younger than a week (spam usually comes from fresh accounts)."""
    defaults = {
        ("start", True): "5/h", ("start", False): "40/h",
        ("message", True): "30/h", ("message", False): "300/h",
    }  # fmt: skip
    new = _is_new_account(user)
    key = f"MESSAGING_RATE_{kind.upper()}_{'NEW' if new else 'MEMBER'}"
    return getattr(settings, key, defaults[(kind, new)])


def _check_rate(user, kind):
    rate = _rate(user, kind)
    if not ratelimits.hit(f"messaging.{kind}", str(user.pk), rate):
        raise RateLimited(rate)


def _store_attachments(message, files):
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(_("At most %(n)d files per message.") % {"n": MAX_ATTACHMENTS})
    for upload in files:
        checked = validate_upload(upload)
        MessageAttachment.objects.create(
            message=message, file=checked.as_content_file(), original_name=os.path.basename(upload.name)[:255],
            content_type=checked.content_type, size=checked.size, is_image=checked.is_image,
        )  # fmt: skip


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."))
    if "\x00" in body:
        raise ValidationError(_("The message contains a character that is not allowed."))
    return body


def _post_message(*, sender, conversation, body, attachments):
    from markup import render_markdown

    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, author=sender, body=body, body_html=render_markdown(body), created_at=now
    )
    localise_later(message)  # before the push below, so an eager copy is already in it
    _store_attachments(message, list(attachments))
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, message_count=F("message_count") + 1)
    Participant.objects.filter(conversation=conversation, user=sender).update(last_read_at=now)
    recipients = [
        p.user
        for p in Participant.objects.filter(conversation=conversation, left_at__isnull=True)
        .exclude(user=sender)
        .select_related("user")
    ]
    # The text never quotes the message: notifications may be emailed or shown in digests.
    notify_many(
        kind=NotificationKind.MESSAGE, recipient_ids=[u.pk for u in recipients],
        text=deferred(gettext_lazy("%(name)s sent you a private message."), name=sender.name),
        url=conversation.get_absolute_url(), actor_id=sender.pk,
        data={"conversation_id": conversation.pk}, group_key=f"message:{conversation.pk}",
    )  # fmt: skip
    on_commit(_broadcast, message.pk, [u.pk for u in recipients])
    return message


def conversation_start(*, sender, recipients, body, subject="", attachments=(), source_post=None) -> Conversation:
    """Open a conversation with 1 to 19 other members and post its first message."""
    recipients = [u for u in dict.fromkeys(recipients) if u.pk != sender.pk]
    if not recipients:
        raise ValidationError(_("Choose at least one member to write to."))
    if len(recipients) + 1 > MAX_PARTICIPANTS:
        raise ValidationError(_("A conversation has at most %(n)d people.") % {"n": MAX_PARTICIPANTS})
    refused = [u.name for u in recipients if not mp.can_message_user(sender, u)]
    if refused:
        raise PermissionDenied(
            _("You cannot message %(names)s: they accept messages only from people in their communities.")
            % {"names": ", ".join(refused)}
        )
    body = _clean_body(body)
    _check_rate(sender, "start")
    with transaction.atomic():
        conversation = Conversation.objects.create(subject=subject[:200], created_by=sender, source_post=source_post)
        Participant.objects.bulk_create([Participant(conversation=conversation, user=u) for u in [sender, *recipients]])
        _post_message(sender=sender, conversation=conversation, body=body, attachments=attachments)
    return conversation


def message_send(*, sender, conversation, body, attachments=()) -> Message:
    if not mp.can_send_in_conversation(sender, conversation):
        raise PermissionDenied(_("You cannot write in this conversation."))
    body = _clean_body(body)
    _check_rate(sender, "message")
    with transaction.atomic():
        return _post_message(sender=sender, conversation=conversation, body=body, attachments=attachments)


def conversation_mark_read(*, user, conversation) -> None:
    """Record that ``user`` has read everything so far (their read receipt)."""
    now = timezone.now()
    updated = (
        Participant.objects.filter(conversation=conversation, user=user, left_at__isnull=True)
        .exclude(last_read_at__gte=conversation.last_message_at)
        .update(last_read_at=now)
    )
    if updated:
        others = list(
            Participant.objects.filter(conversation=conversation, left_at__isnull=True)
            .exclude(user=user)
            .values_list("user_id", flat=True)
        )
        on_commit(_broadcast_read, conversation.pk, user.pk, user.name, now, others)
        on_commit(_push_count, user.pk)


def conversation_leave(*, user, conversation) -> None:
    participant = mp.participant_of(user, conversation)
    if participant is None:
        raise PermissionDenied
    participant.left_at = timezone.now()
    participant.save(update_fields=["left_at"])


def participants_add(*, actor, conversation, users) -> list:
    if not mp.can_view_conversation(actor, conversation):
        raise PermissionDenied
    with transaction.atomic():
        Conversation.objects.select_for_update().get(pk=conversation.pk)
        current = set(
            Participant.objects.filter(conversation=conversation, left_at__isnull=True).values_list(
                "user_id", flat=True
            )
        )
        new = [u for u in dict.fromkeys(users) if u.pk not in current]
        if len(current) + len(new) > MAX_PARTICIPANTS:
            raise ValidationError(_("A conversation has at most %(n)d people.") % {"n": MAX_PARTICIPANTS})
        refused = [u.name for u in new if not mp.can_message_user(actor, u)]
        if refused:
            raise PermissionDenied(_("You cannot add %(names)s.") % {"names": ", ".join(refused)})
        for user in new:
            Participant.objects.update_or_create(
                conversation=conversation, user=user, defaults={"left_at": None, "joined_at": timezone.now()}
            )
    return new


def block_create(*, blocker, blocked) -> Block:
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


def block_remove(*, blocker, blocked) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def message_report(*, reporter, message, reason) -> MessageReport:
    """Send one message to staff attention (they see this message, not the conversation)."""
    if not mp.can_report_message(reporter, message):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tell the staff what is wrong."))
    with transaction.atomic():
        report, created = MessageReport.objects.get_or_create(
            message=message, reporter=reporter, defaults={"reason": reason[:2000]}
        )
        if created:
            from django.urls import reverse

            notify_many(
                kind=NotificationKind.MODERATION,
                recipient_ids=get_user_model().objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True),
                text=gettext_lazy("A private message was reported."), url=reverse("messaging:reports"),
                actor_id=reporter.pk, data={"report_id": report.pk}, group_key="message-reports",
            )  # fmt: skip
    return report


def report_resolve(*, actor, report, resolution="") -> MessageReport:
    if not mp.can_review_reports(actor):
        raise PermissionDenied
    report.resolved_at = timezone.now()
    report.resolved_by = actor
    report.resolution = (resolution or "")[:500]
    report.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    return report


# --- Live delivery (best effort, after commit) --------------------------------------------


def unread_conversation_count(user_id) -> int:
    from django.db.models import Q

    return (
        Participant.objects.filter(user_id=user_id, left_at__isnull=True, conversation__message_count__gt=0)
        .filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=F("conversation__last_message_at")))
        .count()
    )


def _send(user_id, event):
    push.send_to_user(user_id, event)


def _broadcast(message_id, recipient_ids):
    """Render the message once and push it to each recipient's sockets (group ``user.<id>``)."""
    try:
        from django.template.loader import render_to_string

        message = (
            Message.objects.select_related("author", "conversation").prefetch_related("attachments").get(pk=message_id)
        )
        html = render_to_string("messaging/_message.html", {"message": message, "live": True})
        for user_id in recipient_ids:
            _send(user_id, {
                "type": "messaging.new", "conversation": message.conversation_id, "message": message.pk,
                "html": html, "unread": unread_conversation_count(user_id),
            })  # fmt: skip
    except Exception:
        logger.warning("Could not push message %s", message_id, exc_info=True)


def _broadcast_read(conversation_id, reader_id, reader_name, at, recipient_ids):
    try:
        for user_id in recipient_ids:
            _send(user_id, {
                "type": "messaging.read", "conversation": conversation_id, "reader": reader_id,
                "name": reader_name, "at": at.isoformat(),
            })  # fmt: skip
    except Exception:
        logger.warning("Could not push a read receipt", exc_info=True)


def _push_count(user_id):
    try:
        _send(user_id, {"type": "messaging.count", "unread": unread_conversation_count(user_id)})
    except Exception:
        logger.warning("Could not push the unread message count", exc_info=True)
