"""Flagging content, the auto-hide threshold, and closing flags."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import ratelimits
from communities.selectors import community_moderator_ids
from discussions import counters
from discussions.models import Post, Thread
from discussions.services.effects import push_post_updated, push_thread_updated
from hub.i18n import deferred
from moderation import permissions as mp
from moderation.models import NOTE_MAX, AuditAction, Flag, FlagReason, FlagStatus
from moderation.services.audit import audit_record, clean_text, post_snapshot, thread_snapshot
from notifications.models import NotificationKind
from notifications.services import notify_many

AUTO_HIDE_REASON = "Hidden pending review after several members flagged it."


class RateLimited(Exception):
    """Too many attempts: the view answers 429 with ``message`` and ``retry_after``."""

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def flag_rate() -> str:
    return getattr(settings, "MODERATION_FLAG_RATE", "20/h")


def _lock_item(item):
    model = Post if isinstance(item, Post) else Thread
    return model.objects.select_for_update(of=("self",)).select_related("author").get(pk=item.pk)


def flag_create(*, reporter, item, reason, note="") -> Flag:
    """Record one member's flag on a post or thread; hide it once enough members agree."""
    if not mp.can_flag(reporter, item):
        raise PermissionDenied(_("You cannot flag this."))
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose one of the listed reasons.")})
    note = clean_text(note, field="note", max_length=NOTE_MAX)
    if reason == FlagReason.OTHER and not note:
        raise ValidationError({"note": _("Tell the moderators what is wrong (a sentence is enough).")})
    if Flag.objects.for_item(item).filter(reporter=reporter).exists():
        raise ValidationError(_("You have already flagged this. The moderators will review it."))
    rate = flag_rate()
    if not ratelimits.hit("flag", str(reporter.pk), rate):
        raise RateLimited(
            _("You have flagged a lot of content recently. Please wait a while; the moderators are on it."),
            ratelimits.retry_after(rate),
        )
    community = mp.item_community(item)
    is_post = isinstance(item, Post)
    try:
        with transaction.atomic():
            locked = _lock_item(item)
            flag = Flag.objects.create(
                community=community,
                post=locked if is_post else None,
                thread=locked.thread if is_post else locked,
                reporter=reporter,
                reason=reason,
                note=note,
            )
            if not locked.is_hidden:
                reporters = Flag.objects.for_item(locked).open().values("reporter").distinct().count()
                if community.flags_to_hide and reporters >= community.flags_to_hide:
                    _auto_hide(locked, community)
    except IntegrityError as exc:  # a concurrent double submit
        raise ValidationError(_("You have already flagged this. The moderators will review it.")) from exc
    return flag


def _auto_hide(item, community):
    is_post = isinstance(item, Post)
    before = post_snapshot(item) if is_post else thread_snapshot(item)
    item.is_hidden = True
    item.hidden_reason = AUTO_HIDE_REASON
    fields = ["is_hidden", "hidden_reason"]
    if is_post:
        item.hidden_by = None
        item.hidden_at = timezone.now()
        fields += ["hidden_by", "hidden_at"]
    item.save(update_fields=fields)
    (counters.post_changed if is_post else counters.thread_changed)(item)
    audit_record(
        actor=None,
        action=AuditAction.AUTO_HIDE,
        target=item,
        community=community,
        target_user=item.author,
        reason=_("%(n)d members flagged it") % {"n": community.flags_to_hide},
        before=before,
        after=post_snapshot(item) if is_post else thread_snapshot(item),
    )
    if item.author_id is not None:
        notify_many(
            kind=NotificationKind.MODERATION,
            recipient_ids=[item.author_id],
            text=deferred(
                gettext_lazy(
                    "Your %(what)s was flagged by several members and is hidden while the moderators review it."
                ),
                what=gettext_lazy("post") if is_post else gettext_lazy("thread"),
            ),
            url=_item_url(item),
            community_id=community.pk,
            data={"post_id": item.pk} if is_post else {"thread_id": item.pk},
        )
    _tell_moderators(item, community, is_post)
    (push_post_updated if is_post else push_thread_updated)(item)


def _tell_moderators(item, community, is_post):
    """An automatic hide is urgent: the community's moderators get one batched notification."""
    notify_many(
        kind=NotificationKind.MODERATION,
        recipient_ids=community_moderator_ids(community=community),
        text=deferred(
            gettext_lazy("Members' flags hid a %(what)s in %(c)s: please review it."),
            what=gettext_lazy("post") if is_post else gettext_lazy("thread"),
            c=community.name,
        ),
        url=reverse("moderation:community-queue", args=[community.slug]),
        community_id=community.pk,
        group_key=f"moderation-autohide:{community.pk}",
    )


def _item_url(item) -> str:
    try:
        return item.get_absolute_url()
    except Exception:
        return ""


def flags_close(*, actor, item, status) -> int:
    """Close the open flags on ``item`` (inside the caller's transaction)."""
    return Flag.objects.for_item(item).open().update(status=status, resolved_by=actor, resolved_at=timezone.now())


def is_auto_hidden(item) -> bool:
    return item.is_hidden and item.hidden_reason == AUTO_HIDE_REASON


@transaction.atomic
def flags_dismiss(*, actor, item, reason="") -> int:
    """The flags were unfounded: close them and undo an automatic hide."""
    if not mp.can_moderate_item(actor, item):
        raise PermissionDenied
    reason = clean_text(reason)
    is_post = isinstance(item, Post)
    item = _lock_item(item)
    before = post_snapshot(item) if is_post else thread_snapshot(item)
    closed = flags_close(actor=actor, item=item, status=FlagStatus.DISMISSED)
    restored = False
    if is_auto_hidden(item):
        item.is_hidden = False
        item.hidden_reason = ""
        fields = ["is_hidden", "hidden_reason"]
        if is_post:
            item.hidden_at = None
            fields.append("hidden_at")
        item.save(update_fields=fields)
        (counters.post_changed if is_post else counters.thread_changed)(item)
        restored = True
    community = mp.item_community(item)
    audit_record(
        actor=actor,
        action=AuditAction.FLAG_DISMISS,
        target=item,
        community=community,
        target_user=item.author,
        reason=reason or _("%(n)d flag(s) dismissed") % {"n": closed},
        before=before,
        after=post_snapshot(item) if is_post else thread_snapshot(item),
    )
    if restored:
        if item.author_id is not None:
            notify_many(
                kind=NotificationKind.MODERATION,
                recipient_ids=[item.author_id],
                text=deferred(
                    gettext_lazy("The moderators reviewed your %(what)s and it is visible again."),
                    what=gettext_lazy("post") if is_post else gettext_lazy("thread"),
                ),
                url=_item_url(item),
                actor_id=actor.pk,
                community_id=community.pk,
            )
        (push_post_updated if is_post else push_thread_updated)(item)
    return closed
