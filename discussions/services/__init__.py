"""Every write of the discussions app (see DESIGN.md: services)."""

from discussions.services.actions import answer_accept, reaction_toggle, subscription_set, thread_mark_read
from discussions.services.drafts import draft_discard, draft_save
from discussions.services.posts import (
    PENDING_REASON,
    post_approve,
    post_create,
    post_delete,
    post_edit,
    post_reject,
    thread_create,
)
from discussions.services.rules import PostingError

__all__ = [
    "PENDING_REASON", "PostingError", "answer_accept", "draft_discard", "draft_save", "post_approve", "post_create", "post_delete", "post_edit",
    "post_reject", "reaction_toggle", "subscription_set", "thread_create", "thread_mark_read",
]  # fmt: skip
