"""Report jobs: take ids, idempotent, acks_late."""

import datetime

from celery import shared_task
from django.utils import timezone

from reports import services
from reports.models import ReportSnapshot, SnapshotStatus


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=3, time_limit=1800, soft_time_limit=1700)
def report_generate_task(self, snapshot_id: int) -> str:
    snapshot = services.report_generate(snapshot_id=snapshot_id)
    if snapshot is not None and snapshot.weekly and snapshot.status == SnapshotStatus.DONE:
        services.weekly_summary_send(snapshot=snapshot)
    return snapshot.status if snapshot else "missing"


@shared_task(acks_late=True, ignore_result=True)
def reports_weekly_task() -> int:
    """Monday morning: a snapshot per community and the platform; each emails its summary."""
    ids = services.weekly_reports_create()
    for snapshot_id in ids:
        report_generate_task.delay(snapshot_id)
    return len(ids)


@shared_task(acks_late=True, ignore_result=True)
def reports_sweep_task() -> int:
    """Re-queue snapshots a broker outage or a killed worker left behind."""
    stale = timezone.now() - datetime.timedelta(minutes=30)
    ids = list(
        ReportSnapshot.objects.filter(
            status__in=[SnapshotStatus.PENDING, SnapshotStatus.RUNNING], created_at__lt=stale
        ).values_list("pk", flat=True)[:100]
    )
    for snapshot_id in ids:
        report_generate_task.delay(snapshot_id)
    return len(ids)
