"""Every write moderation does.  Moderation writes to discussion and community rows only here."""

from moderation.services.audit import audit_record
from moderation.services.flags import RateLimited, flag_create, flags_dismiss
from moderation.services.members import (
    DURATIONS,
    join_request_decide,
    member_remove,
    member_set_role,
    member_suspend,
    member_unsuspend,
    member_warn,
    platform_suspend,
    platform_suspension_expire,
    platform_unsuspend,
)
from moderation.services.posts import (
    can_be_purged,
    post_approve_moderated,
    post_delete_moderated,
    post_hide,
    post_purge,
    post_reject,
    post_restore,
)
from moderation.services.threads import (
    thread_hide,
    thread_lock,
    thread_merge,
    thread_move,
    thread_rename,
    thread_resolve_merged,
    thread_restore,
    thread_set_pinned,
    thread_unlock,
)

__all__ = [
    "DURATIONS",
    "RateLimited",
    "audit_record",
    "can_be_purged",
    "flag_create",
    "flags_dismiss",
    "join_request_decide",
    "member_remove",
    "member_set_role",
    "member_suspend",
    "member_unsuspend",
    "member_warn",
    "platform_suspend",
    "platform_suspension_expire",
    "platform_unsuspend",
    "post_approve_moderated",
    "post_delete_moderated",
    "post_hide",
    "post_purge",
    "post_reject",
    "post_restore",
    "thread_hide",
    "thread_lock",
    "thread_merge",
    "thread_move",
    "thread_rename",
    "thread_resolve_merged",
    "thread_restore",
    "thread_set_pinned",
    "thread_unlock",
]
