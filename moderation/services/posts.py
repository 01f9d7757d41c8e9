"""Moderator actions on single posts: hide, restore, delete, purge, approve, reject."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions import counters
from discussions.models import Post, PostStatus
from discussions.services import PostingError, post_approve
from discussions.services.effects import push_post_updated
from moderation import permissions as mp
from moderation.models import AuditAction, AuditEntry, FlagStatus
from moderation.services.audit import audit_record, clean_text, post_snapshot
from moderation.services.flags import flags_close
from notifications.models import NotificationKind
from notifications.services import notify_many

PURGE_AFTER = timedelta(days=30)


def _lock(post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("author", "thread__community").get(pk=post.pk)


def _tell_author(post, actor, text):
    if post.author is not None:
        notify_many(
            kind=NotificationKind.MODERATION,
            recipient_ids=[post.author_id],
            text=text,
            url=_post_url(post),
            actor_id=actor.pk if actor is not None else None,
            community_id=post.thread.community_id,
            data={"post_id": post.pk, "thread_id": post.thread_id},
        )


def _post_url(post):
    try:
        return post.get_absolute_url()
    except Exception:
        return ""


@transaction.atomic
def post_hide(*, actor, post, reason) -> Post:
    """Hide a post from readers; its author sees it with the reason."""
    if not mp.can_moderate_item(actor, post):
        raise PermissionDenied
    reason = clean_text(reason, required=True)
    post = _lock(post)
    before = post_snapshot(post)
    post.is_hidden, post.hidden_reason, post.hidden_by, post.hidden_at = True, reason, actor, timezone.now()
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    counters.post_changed(post)
    flags_close(actor=actor, item=post, status=FlagStatus.ACTIONED)
    community = post.thread.community
    audit_record(
        actor=actor, action=AuditAction.POST_HIDE, target=post, community=community, target_user=post.author,
        reason=reason, before=before, after=post_snapshot(post),
    )  # fmt: skip
    _tell_author(post, actor, _("A moderator hid your post in “%(t)s”: %(r)s") % {"t": post.thread.title, "r": reason})
    push_post_updated(post)
    return post


@transaction.atomic
def post_restore(*, actor, post, reason="") -> Post:
    """Show a hidden post again (and close its flags as dismissed)."""
    if not mp.can_moderate_item(actor, post):
        raise PermissionDenied
    reason = clean_text(reason)
    post = _lock(post)
    if not post.is_hidden:
        raise ValidationError(_("This post is not hidden."))
    before = post_snapshot(post)
    post.is_hidden, post.hidden_reason, post.hidden_by, post.hidden_at = False, "", None, None
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    counters.post_changed(post)
    flags_close(actor=actor, item=post, status=FlagStatus.DISMISSED)
    audit_record(
        actor=actor, action=AuditAction.POST_RESTORE, target=post, community=post.thread.community,
        target_user=post.author, reason=reason, before=before, after=post_snapshot(post),
    )  # fmt: skip
    _tell_author(post, actor, _("A moderator restored your post in “%(t)s”.") % {"t": post.thread.title})
    push_post_updated(post)
    return post


@transaction.atomic
def post_delete_moderated(*, actor, post, reason) -> Post:
    """Soft-delete a post (nothing is destroyed; staff may purge it after 30 days)."""
    if not mp.can_moderate_item(actor, post):
        raise PermissionDenied
    reason = clean_text(reason, required=True)
    post = _lock(post)
    if post.is_deleted:
        raise ValidationError(_("This post is already deleted."))
    before = post_snapshot(post)
    post.is_deleted = True
    post.save(update_fields=["is_deleted"])
    counters.post_changed(post)
    flags_close(actor=actor, item=post, status=FlagStatus.ACTIONED)
    audit_record(
        actor=actor, action=AuditAction.POST_DELETE, target=post, community=post.thread.community,
        target_user=post.author, reason=reason, before=before, after=post_snapshot(post),
    )  # fmt: skip
    _tell_author(
        post, actor, _("A moderator deleted your post in “%(t)s”: %(r)s") % {"t": post.thread.title, "r": reason}
    )
    push_post_updated(post)
    return post


def post_deleted_at(post):
    """When the post was deleted (from the audit log; else its last edit or creation)."""
    entry = (
        AuditEntry.objects.filter(target_type="post", target_id=post.pk, action=AuditAction.POST_DELETE)
        .order_by("-created_at")
        .first()
    )
    if entry is not None:
        return entry.created_at
    return post.edited_at or post.created_at


def can_be_purged(post, now=None) -> bool:
    return post.is_deleted and post_deleted_at(post) <= (now or timezone.now()) - PURGE_AFTER


@transaction.atomic
def post_purge(*, actor, post) -> None:
    """Staff only: destroy a post deleted more than 30 days ago (the log keeps a summary)."""
    if not mp.can_purge(actor):
        raise PermissionDenied
    post = _lock(post)
    if not can_be_purged(post):
        raise ValidationError(_("Only posts deleted more than 30 days ago can be purged."))
    before = post_snapshot(post)
    before.pop("excerpt", None)
    audit_record(
        actor=actor, action=AuditAction.POST_PURGE, target=post, community=post.thread.community,
        target_user=post.author, reason=_("Purged after 30 days in the bin"), before=before, after={"purged": True},
    )  # fmt: skip
    post.delete()


@transaction.atomic
def post_approve_moderated(*, actor, post) -> Post:
    """Publish a pre-moderated post (discussions.post_approve does counters, notices, push)."""
    if not mp.can_moderate_item(actor, post):
        raise PermissionDenied
    post = _lock(post)
    if post.status != PostStatus.PENDING:
        raise ValidationError(_("This post is not waiting for approval."))
    before = post_snapshot(post)

    try:
        post_approve(actor=actor, post=post)
    except PostingError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        raise ValidationError(exc.message) from exc
    _tell_author(post, actor, _("Your post in “%(t)s” was approved and is now visible.") % {"t": post.thread.title})
    post.refresh_from_db()
    audit_record(
        actor=actor, action=AuditAction.POST_APPROVE, target=post, community=post.thread.community,
        target_user=post.author, before=before, after=post_snapshot(post),
    )  # fmt: skip
    return post


@transaction.atomic
def post_reject(*, actor, post, reason) -> Post:
    """Turn down a pre-moderated post; its author sees why."""
    if not mp.can_moderate_item(actor, post):
        raise PermissionDenied
    reason = clean_text(reason, required=True)
    post = _lock(post)
    if post.status != PostStatus.PENDING:
        raise ValidationError(_("This post is not waiting for approval."))
    before = post_snapshot(post)
    post.status = PostStatus.REJECTED
    post.hidden_reason = reason
    post.save(update_fields=["status", "hidden_reason"])
    audit_record(
        actor=actor, action=AuditAction.POST_REJECT, target=post, community=post.thread.community,
        target_user=post.author, reason=reason, before=before, after=post_snapshot(post),
    )  # fmt: skip
    _tell_author(post, actor, _("Your post in “%(t)s” was not approved: %(r)s") % {"t": post.thread.title, "r": reason})
    push_post_updated(post)
    return post
