"""Celery tasks of the hub itself."""

from celery import shared_task

from hub.sessions import replay_revocations


@shared_task(ignore_result=True, time_limit=60, soft_time_limit=50)
def session_revocations_replay_task() -> int:
    """Delete from Redis the sessions that were logged out while it was unreachable."""
    return replay_revocations()
