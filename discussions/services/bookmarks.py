"""Bookmarks of posts and their reminders."""

import logging

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from discussions import permissions as dp
from discussions.models import Bookmark
from discussions.services.rules import PostingError
from notifications.models import NotificationKind
from notifications.services import notify_many

logger = logging.getLogger(__name__)
NOTE_MAX = 200
REMINDERS_PER_RUN = 500


def _clean_reminder(remind_at, *, now):
    if remind_at is None:
        return None
    if remind_at <= now:
        raise PostingError(_("Choose a reminder time in the future."), field="remind_at")
    return remind_at


def bookmark_set(*, user, post, remind_at=None, note="") -> Bookmark:
    """Bookmark ``post`` for ``user`` (or update the existing bookmark's reminder and note).

    A new reminder time makes the reminder due again; ``remind_at=None`` removes it.
    """
    if not dp.can_bookmark_post(user, post):
        raise Http404
    now = timezone.now()
    note = (note or "").replace("\x00", "").strip()
    if len(note) > NOTE_MAX:
        raise PostingError(_("A note has at most %(n)d characters.") % {"n": NOTE_MAX}, field="note")
    with transaction.atomic():
        bookmark, created = Bookmark.objects.select_for_update().get_or_create(
            user=user, post=post, defaults={"created_at": now}
        )
        if not created and remind_at is not None and remind_at == bookmark.remind_at:
            pass  # unchanged reminder: keep its state (already sent or not)
        else:
            bookmark.remind_at = _clean_reminder(remind_at, now=now)
            bookmark.reminded_at = None
        bookmark.note = note
        bookmark.save()
    return bookmark


def bookmark_remove(*, user, post) -> bool:
    """Remove ``user``'s bookmark of ``post``; False when there was none."""
    deleted, _rows = Bookmark.objects.filter(user=user, post=post).delete()
    return bool(deleted)


def bookmark_reminders_send(*, now=None, limit=REMINDERS_PER_RUN) -> int:
    """Notify the owners of due bookmark reminders, each once (claimed under a row lock).

    A post the owner may no longer read is not announced; its reminder is closed silently.
    """
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = list(
            Bookmark.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(reminded_at__isnull=True, remind_at__isnull=False, remind_at__lte=now)
            .select_related("user", "post__thread__community", "post__author")
            .order_by("remind_at")[:limit]
        )
        if not due:
            return 0
        Bookmark.objects.filter(pk__in=[b.pk for b in due]).update(reminded_at=now)
        for bookmark in due:
            post, user = bookmark.post, bookmark.user
            if not user.is_active or not dp.can_view_post(user, post) or post.is_deleted:
                continue
            with override(user.preferred_language or settings.LANGUAGE_CODE):
                text = _("Reminder: #%(n)d in “%(title)s”") % {"n": post.number, "title": post.thread.title[:120]}
                if bookmark.note:
                    text = f"{text}: {bookmark.note}"
            notify_many(
                kind=NotificationKind.BOOKMARK_REMINDER, recipient_ids=[user.pk], text=text,
                url=post.get_absolute_url(), community_id=post.thread.community_id,
                data={"thread_id": post.thread_id, "post_id": post.pk, "bookmark_id": bookmark.pk},
            )  # fmt: skip
            sent += 1
    return sent
