"""Celery tasks of discussions: take ids or nothing, idempotent, retried with backoff."""

from celery import shared_task

from discussions.services.bookmarks import bookmark_reminders_send
from discussions.services.effects import post_notify_task  # noqa: F401  (defined beside its scheduler)


@shared_task(
    name="discussions.bookmark_reminders_send", acks_late=True, autoretry_for=(Exception,), retry_backoff=True,
    max_retries=3, ignore_result=True,
)  # fmt: skip
def bookmark_reminders_send_task():
    """Every minute: notify the owners of bookmark reminders that are due (each at most once)."""
    return bookmark_reminders_send()
