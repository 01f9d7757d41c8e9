"""Celery tasks of notifications: take ids, idempotent, retried with backoff.

The outbox tasks (send, batch send, sweep) live in ``outbox.tasks``."""

from celery import shared_task

from notifications.digests import digests_send_due


# Digest runs are idempotent (one DigestRun per member and period) and beat starts one every
# few minutes: a run killed mid-build is made up by the next one.  The time limits stay
# below the broker's visibility timeout, so a message is never re-delivered while running.
@shared_task(acks_late=True, ignore_result=True, time_limit=1500, soft_time_limit=1440)
def digests_send_due_task() -> dict:
    """Every few minutes: send the digests whose local morning has come (exactly once per period)."""
    return digests_send_due()


@shared_task(acks_late=True, ignore_result=True, time_limit=1500, soft_time_limit=1440)
def digests_send_now_task(frequency: str) -> dict:
    """On demand (staff, tests): send the ``frequency`` digest to everyone now, once per period."""
    return digests_send_due(force_frequency=frequency)


# --- Notification fan-out ---------------------------------------------------------------------
# Defined beside ``notify_many`` (which schedules it) so services never import this module;
# named here so the worker's autodiscovery registers it.
from notifications.services import notifications_fan_out_task  # noqa: E402, F401
