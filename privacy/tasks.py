"""Celery tasks of the privacy app: take ids, idempotent, late acknowledgement."""

import logging

from celery import shared_task

from privacy.services import export as export_services

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@shared_task(
    bind=True, acks_late=True, max_retries=MAX_ATTEMPTS, ignore_result=True, time_limit=1800, soft_time_limit=1700
)
def export_build_task(self, export_id: int) -> None:
    try:
        export_services.export_build(export_id=export_id)
    except Exception as exc:
        if self.request.retries >= MAX_ATTEMPTS:
            logger.exception("Export %s failed", export_id)
            export_services.export_fail(export_id=export_id, error=str(exc) or type(exc).__name__)
            return
        raise self.retry(exc=exc, countdown=60 * (self.request.retries + 1)) from exc


@shared_task(acks_late=True, ignore_result=True)
def export_sweep_task() -> dict:
    return {
        "expired": export_services.export_expire_due(),
        "requeued": export_services.export_requeue_stale(),
    }
