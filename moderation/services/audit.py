"""Writing the audit log, and the small helpers every moderation service shares.

Pushes after a moderation action go through discussions' own after-commit API
(``discussions.services.effects.push_post_updated``/``push_thread_updated``); access changes
are announced with ``communities.access`` (see ``services.members``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Membership
from discussions.models import Post, Thread
from moderation.models import REASON_MAX, AuditEntry

EXCERPT = 280


def clean_text(value, *, field="reason", required=False, max_length=REASON_MAX) -> str:
    """Strip NULs and whitespace; enforce presence and length with a clear message."""
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: _("Please give a reason: the person affected will read it.")})
    if len(value) > max_length:
        raise ValidationError(
            {field: _("Keep it under %(max)d characters (it has %(n)d).") % {"max": max_length, "n": len(value)}}
        )
    return value


def post_snapshot(post) -> dict:
    return {
        "thread_id": post.thread_id,
        "number": post.number,
        "status": post.status,
        "is_hidden": post.is_hidden,
        "hidden_reason": post.hidden_reason,
        "is_deleted": post.is_deleted,
        "author_id": post.author_id,
        "excerpt": (post.body or "")[:EXCERPT],
    }


def thread_snapshot(thread) -> dict:
    return {
        "title": thread.title,
        "community_id": thread.community_id,
        "is_pinned": thread.is_pinned,
        "is_locked": thread.is_locked,
        "lock_reason": thread.lock_reason,
        "is_hidden": thread.is_hidden,
        "hidden_reason": thread.hidden_reason,
        "merged_into_id": thread.merged_into_id,
        "post_count": thread.post_count,
    }


def membership_snapshot(membership) -> dict:
    if membership is None:
        return {}
    return {
        "role": membership.role,
        "status": membership.status,
        "suspended_until": membership.suspended_until.isoformat() if membership.suspended_until else None,
    }


def _describe(target):

    if isinstance(target, Post):
        return "post", target.pk, f"#{target.number} in “{target.thread.title}”"[:300], _safe_url(target)
    if isinstance(target, Thread):
        return "thread", target.pk, target.title[:300], _safe_url(target)
    if isinstance(target, Membership):
        return "membership", target.pk, f"{target.user} in {target.community}"[:300], ""
    if isinstance(target, User):
        return "user", target.pk, f"{target} (@{target.username})"[:300], _safe_url(target)
    return "", None, "", ""


def _safe_url(obj) -> str:
    try:
        return obj.get_absolute_url()
    except Exception:  # a route not wired yet must never block the log
        return ""


def audit_record(
    *, actor, action, target=None, community=None, target_user=None, reason="", before=None, after=None
) -> AuditEntry:
    """Append one entry to the audit log (inside the caller's transaction)."""
    target_type, target_id, label, url = _describe(target)
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=(f"{actor} (@{actor.username})" if actor is not None else _("Automatic"))[:150],
        action=action,
        community=community,
        community_name=community.name if community is not None else "",
        target_user=target_user,
        target_type=target_type,
        target_id=target_id,
        target_label=label,
        target_url=url[:500],
        reason=reason,
        before=before or {},
        after=after or {},
    )
