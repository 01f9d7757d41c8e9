"""Celery tasks of the events app (scheduled by beat, see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from events.services import reminders_send


@shared_task(
    name="events.reminders_send", acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3
)
def reminders_send_task():
    """Every few minutes: put the day-before and hour-before reminders that are due into the
    outbox (idempotent: one per event, person and kind; the outbox sends and retries them)."""
    return reminders_send()
