"""Generating report snapshots (in Celery) and the weekly summary for moderators."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from accounts.models import User
from communities.models import Community, Membership
from hub.effects import task_on_commit
from hub.i18n import deferred
from outbox.models import EmailDelivery
from outbox.services import email_queue, link
from reports import metrics, network
from reports.models import ReportSnapshot, SnapshotStatus

logger = logging.getLogger(__name__)
WEEK = datetime.timedelta(days=7)


def _names(ids):
    return {u.pk: (u.name, u.username) for u in User.objects.filter(pk__in=ids).only("id", "username", "display_name")}


def report_request(*, actor, community=None, days=28) -> ReportSnapshot:
    """Queue an on-demand report over the last ``days`` days; the page polls its progress."""
    end = timezone.now()
    snapshot = ReportSnapshot.objects.create(
        community=community, period_start=end - datetime.timedelta(days=days), period_end=end, requested_by=actor
    )
    task_on_commit("reports.tasks.report_generate_task", snapshot.pk)
    return snapshot


def report_generate(*, snapshot_id) -> ReportSnapshot | None:
    """Compute a snapshot's metrics and network (idempotent: a finished one is left alone)."""
    snapshot = ReportSnapshot.objects.select_related("community").filter(pk=snapshot_id).first()
    if snapshot is None or snapshot.status == SnapshotStatus.DONE:
        return snapshot
    community_ids = None if snapshot.community_id is None else [snapshot.community_id]
    _progress(snapshot, SnapshotStatus.RUNNING, 10)
    try:
        snapshot.metrics = metrics.engagement(
            community_ids=community_ids, start=snapshot.period_start, end=snapshot.period_end
        )
        _progress(snapshot, SnapshotStatus.RUNNING, 60)
        snapshot.network = network.analyse(
            community_ids=community_ids, start=snapshot.period_start, end=snapshot.period_end, names=_names
        )
    except Exception as exc:
        logger.exception("Report %s failed", snapshot_id)
        snapshot.status = SnapshotStatus.FAILED
        snapshot.error = repr(exc)[:500]
        snapshot.finished_at = timezone.now()
        snapshot.save(update_fields=["status", "error", "finished_at"])
        return snapshot
    snapshot.status = SnapshotStatus.DONE
    snapshot.progress = 100
    snapshot.finished_at = timezone.now()
    snapshot.save(update_fields=["metrics", "network", "status", "progress", "finished_at"])
    return snapshot


def _progress(snapshot, status, progress):
    snapshot.status = status
    snapshot.progress = progress
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(status=status, progress=progress)


def weekly_reports_create(*, now=None) -> list[int]:
    """One weekly snapshot per active community and one for the platform (once per week)."""
    now = now or timezone.now()
    end = now.replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(days=now.weekday())
    created = []
    scopes = [None, *Community.objects.active().values_list("pk", flat=True)]
    for community_id in scopes:
        if ReportSnapshot.objects.filter(community_id=community_id, period_end=end, weekly=True).exists():
            continue
        try:
            with transaction.atomic():
                snapshot = ReportSnapshot.objects.create(
                    community_id=community_id, period_start=end - WEEK, period_end=end, weekly=True
                )
        except IntegrityError:
            continue
        created.append(snapshot.pk)
    return created


def weekly_summary_send(*, snapshot) -> int:
    """Email a short summary of a finished weekly snapshot to the community's moderators and owners."""
    if snapshot.community_id is None or snapshot.status != SnapshotStatus.DONE:
        return 0
    previous = (
        ReportSnapshot.objects.filter(
            community_id=snapshot.community_id,
            status=SnapshotStatus.DONE,
            weekly=True,
            period_end__lt=snapshot.period_end,
        )
        .order_by("-period_end")
        .first()
    )
    staff = Membership.objects.moderators().filter(community_id=snapshot.community_id)
    moderators = list(User.objects.filter(pk__in=staff.values("user_id"), is_active=True).order_by("pk"))
    source = f"weekly_summary:{snapshot.pk}"
    # Idempotent: a re-run of the report task (a redelivered message) adds no second copy.
    already = set(EmailDelivery.objects.filter(source=source).values_list("recipient_id", flat=True))
    context = {
        "snapshot": snapshot,
        "community": snapshot.community,
        "m": snapshot.metrics,
        "net": snapshot.network,
        "previous": previous.metrics if previous else None,
        "url": link("reports:community", slug=snapshot.community.slug),
    }
    subject = format_lazy(
        "[{}] {}",
        settings.SITE_NAME,
        deferred(gettext_lazy("Weekly engagement: %(community)s"), community=snapshot.community.name),
    )
    queued = 0
    # One email per moderator, each in their own language, through the outbox (retried, swept).
    with transaction.atomic():
        for user in moderators:
            if user.pk in already:
                continue
            if email_queue(
                to_user=user,
                kind="weekly_summary",
                subject=subject,
                template="reports/email/weekly_summary",
                context=context,
                source=source,
            ):
                queued += 1
    return queued
