"""Moderator tools on threads: pin, lock, hide, rename, move, merge."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from communities import permissions as cp
from discussions import counters
from discussions.models import TITLE_MAX, TITLE_MIN, Post, Thread
from discussions.services import PENDING_REASON
from discussions.services.effects import push_thread_updated
from moderation import permissions as mp
from moderation.models import AuditAction, Flag, FlagStatus, MergedPost
from moderation.services.audit import audit_record, clean_text, thread_snapshot
from moderation.services.flags import flags_close
from notifications.models import NotificationKind
from notifications.services import notify_many


def _lock(thread) -> Thread:
    return Thread.objects.select_for_update(of=("self",)).select_related("community", "author").get(pk=thread.pk)


def _check(actor, thread):
    if not mp.can_moderate_thread(actor, thread):
        raise PermissionDenied


def _record(actor, action, thread, before, reason=""):
    audit_record(
        actor=actor,
        action=action,
        target=thread,
        community=thread.community,
        target_user=thread.author,
        reason=reason,
        before=before,
        after=thread_snapshot(thread),
    )
    push_thread_updated(thread)


def _tell_author(thread, actor, text):
    if thread.author is not None:
        try:
            url = thread.get_absolute_url()
        except Exception:
            url = ""
        notify_many(
            kind=NotificationKind.MODERATION,
            recipient_ids=[thread.author_id],
            text=text,
            url=url,
            actor_id=actor.pk if actor is not None else None,
            community_id=thread.community_id,
            data={"thread_id": thread.pk},
        )


@transaction.atomic
def thread_set_pinned(*, actor, thread, pinned: bool) -> Thread:
    """Pin a thread to the top of its community (or unpin it)."""
    _check(actor, thread)
    thread = _lock(thread)
    if thread.is_pinned == pinned:
        return thread
    before = thread_snapshot(thread)
    thread.is_pinned, thread.pinned_at = pinned, timezone.now() if pinned else None
    thread.save(update_fields=["is_pinned", "pinned_at"])
    _record(actor, AuditAction.THREAD_PIN if pinned else AuditAction.THREAD_UNPIN, thread, before)
    return thread


@transaction.atomic
def thread_lock(*, actor, thread, reason) -> Thread:
    """Close a thread to new replies; the reason is shown in the thread."""
    _check(actor, thread)
    reason = clean_text(reason, required=True)
    thread = _lock(thread)
    before = thread_snapshot(thread)
    thread.is_locked, thread.lock_reason = True, reason
    thread.save(update_fields=["is_locked", "lock_reason"])
    _record(actor, AuditAction.THREAD_LOCK, thread, before, reason)
    return thread


@transaction.atomic
def thread_unlock(*, actor, thread) -> Thread:
    _check(actor, thread)
    thread = _lock(thread)
    if not thread.is_locked:
        raise ValidationError(_("This thread is not locked."))
    before = thread_snapshot(thread)
    thread.is_locked, thread.lock_reason = False, ""
    thread.save(update_fields=["is_locked", "lock_reason"])
    _record(actor, AuditAction.THREAD_UNLOCK, thread, before)
    return thread


@transaction.atomic
def thread_hide(*, actor, thread, reason) -> Thread:
    """Hide a whole thread from readers (author and moderators still see it, with the reason)."""
    if not mp.can_moderate_item(actor, thread):
        raise PermissionDenied
    reason = clean_text(reason, required=True)
    thread = _lock(thread)
    before = thread_snapshot(thread)
    thread.is_hidden, thread.hidden_reason = True, reason
    thread.save(update_fields=["is_hidden", "hidden_reason"])
    counters.thread_changed(thread)
    flags_close(actor=actor, item=thread, status=FlagStatus.ACTIONED)
    _record(actor, AuditAction.THREAD_HIDE, thread, before, reason)
    _tell_author(thread, actor, _("A moderator hid your thread “%(t)s”: %(r)s") % {"t": thread.title, "r": reason})
    return thread


@transaction.atomic
def thread_restore(*, actor, thread, reason="") -> Thread:
    if not mp.can_moderate_item(actor, thread):
        raise PermissionDenied
    reason = clean_text(reason)
    thread = _lock(thread)
    if not thread.is_hidden:
        raise ValidationError(_("This thread is not hidden."))
    if thread.merged_into_id:
        raise ValidationError(_("This thread was merged into another one; it cannot be restored."))

    if thread.hidden_reason == PENDING_REASON:
        raise ValidationError(_("This thread is waiting for approval: approve its opening post instead."))
    before = thread_snapshot(thread)
    thread.is_hidden, thread.hidden_reason = False, ""
    thread.save(update_fields=["is_hidden", "hidden_reason"])
    counters.thread_changed(thread)
    flags_close(actor=actor, item=thread, status=FlagStatus.DISMISSED)
    _record(actor, AuditAction.THREAD_RESTORE, thread, before, reason)
    _tell_author(thread, actor, _("A moderator restored your thread “%(t)s”.") % {"t": thread.title})
    return thread


@transaction.atomic
def thread_rename(*, actor, thread, title, reason="") -> Thread:
    """Give a thread a clearer title (the slug follows; old links still resolve by id)."""
    _check(actor, thread)
    title = clean_text(title, field="title", required=False, max_length=TITLE_MAX)
    if len(title) < TITLE_MIN:
        raise ValidationError({"title": _("A title needs at least %(n)d characters.") % {"n": TITLE_MIN}})
    reason = clean_text(reason)
    thread = _lock(thread)
    before = thread_snapshot(thread)
    thread.title = title
    thread.slug = slugify(title)[:80] or "t"
    thread.save(update_fields=["title", "slug"])
    _record(actor, AuditAction.THREAD_RENAME, thread, before, reason)
    return thread


@transaction.atomic
def thread_move(*, actor, thread, to_community, reason="") -> Thread:
    """Move a thread where it belongs; only between communities the actor moderates."""
    _check(actor, thread)
    if not cp.can_moderate_community(actor, to_community):
        raise PermissionDenied(_("You can only move threads into a community you moderate."))
    if to_community.is_archived:
        raise ValidationError({"community": _("That community is archived.")})
    thread = _lock(thread)
    if to_community.pk == thread.community_id:
        raise ValidationError({"community": _("The thread is already in that community.")})
    reason = clean_text(reason)
    before = thread_snapshot(thread)
    old_community = thread.community
    thread.community = to_community
    thread.save(update_fields=["community"])
    counters.thread_moved(thread, old_community.pk)
    Flag.objects.filter(thread=thread).update(community=to_community)
    audit_record(
        actor=actor,
        action=AuditAction.THREAD_MOVE,
        target=thread,
        community=old_community,
        target_user=thread.author,
        reason=reason,
        before=before | {"community_name": old_community.name},
        after=thread_snapshot(thread) | {"community_name": to_community.name},
    )
    if to_community.pk != old_community.pk:
        # The destination's moderators see the move in their log too.
        audit_record(
            actor=actor,
            action=AuditAction.THREAD_MOVE,
            target=thread,
            community=to_community,
            target_user=thread.author,
            reason=reason,
            before=before | {"community_name": old_community.name},
            after=thread_snapshot(thread) | {"community_name": to_community.name},
        )
    push_thread_updated(thread)
    _tell_author(
        thread,
        actor,
        _("A moderator moved your thread “%(t)s” to %(c)s.") % {"t": thread.title, "c": to_community.name},
    )
    return thread


@transaction.atomic
def thread_merge(*, actor, source, target, reason="") -> Thread:
    """Move every post of ``source`` into ``target``, renumbered in time order.

    ``source`` keeps existing (hidden, ``merged_into=target``) so its links redirect; each
    moved post's old number is kept in MergedPost for post permalinks.
    """
    _check(actor, source)
    _check(actor, target)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose a different thread to merge into.")})
    reason = clean_text(reason)
    first, second = sorted([source.pk, target.pk])
    locked = {
        t.pk: t
        for t in Thread.objects.select_for_update(of=("self",))
        .select_related("community", "author")
        .filter(pk__in=[first, second])
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError({"target": _("One of these threads was already merged.")})
    before_source, before_target = thread_snapshot(source), thread_snapshot(target)

    old_numbers = dict(Post.objects.filter(thread=source).values_list("pk", "number"))
    posts = list(
        Post.objects.filter(thread__in=[source, target])
        .order_by("created_at", "pk")
        .only("pk", "number", "thread_id", "created_at")
    )
    # Two passes so the (thread, number) unique constraint never sees a duplicate.
    offset = (Post.objects.filter(thread__in=[source, target]).aggregate(m=Max("number"))["m"] or 0) + len(posts) + 1
    Post.objects.filter(thread__in=[source, target]).update(number=F("number") + offset)
    for new_number, post in enumerate(posts, start=1):
        Post.objects.filter(pk=post.pk).update(thread=target, number=new_number)
        if post.pk in old_numbers:
            MergedPost.objects.create(old_thread=source, old_number=old_numbers[post.pk], post_id=post.pk)
    Flag.objects.filter(thread=source, post__isnull=False).update(thread=target, community=target.community)
    # Flags on the old thread itself are settled by the merge (it no longer exists for readers).
    flags_close(actor=actor, item=source, status=FlagStatus.ACTIONED)

    source.merged_into = target
    source.is_hidden = True
    source.hidden_reason = _("Merged into “%(t)s”") % {"t": target.title[:200]}
    source.save(update_fields=["merged_into", "is_hidden", "hidden_reason"])
    counters.threads_merged(source, target)

    for thread, before in ((source, before_source), (target, before_target)):
        audit_record(
            actor=actor,
            action=AuditAction.THREAD_MERGE,
            target=thread,
            community=thread.community,
            target_user=thread.author,
            reason=reason,
            before=before,
            after=thread_snapshot(thread) | {"merged_from": source.pk, "merged_into": target.pk},
        )
    push_thread_updated(source)
    push_thread_updated(target)
    _tell_author(
        source,
        actor,
        _("A moderator merged your thread “%(s)s” into “%(t)s”.") % {"s": source.title, "t": target.title},
    )
    return target


def thread_resolve_merged(thread) -> Thread:
    """Follow merged_into links to the thread that now holds the posts."""
    seen = set()
    while thread.merged_into_id and thread.pk not in seen:
        seen.add(thread.pk)
        thread = Thread.objects.select_related("community").get(pk=thread.merged_into_id)
    return thread
