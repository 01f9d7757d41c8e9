"""Generating report snapshots (in Celery) and the weekly summary for moderators."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Membership
from hub import i18n
from hub.emails import html_from_text
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
    _enqueue(snapshot.pk)
    return snapshot


def _enqueue(snapshot_id):
    def _send():
        from reports.tasks import report_generate_task

        try:
            report_generate_task.delay(snapshot_id)
        except Exception:
            logger.warning("Broker unavailable; report %s waits for the sweep", snapshot_id, exc_info=True)

    transaction.on_commit(_send)


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
    recipients = list(
        Membership.objects.moderators()
        .filter(community_id=snapshot.community_id, user__is_active=True)
        .values_list("user__email", "user__preferred_language")
    )
    if not recipients:
        return 0
    # One email per language present, each moderator's in their own language.
    by_language = {}
    for email, language in recipients:
        by_language.setdefault(i18n.supported(language or "") or settings.LANGUAGE_CODE, []).append(email)
    sent = 0
    for language, emails in sorted(by_language.items()):
        with translation.override(language):
            sent += _weekly_summary_send(snapshot, previous, emails)
    return sent


def _weekly_summary_send(snapshot, previous, recipients) -> int:
    context = {
        "snapshot": snapshot,
        "community": snapshot.community,
        "m": snapshot.metrics,
        "net": snapshot.network,
        "previous": previous.metrics if previous else None,
        "url": settings.SITE_URL.rstrip("/") + reverse("reports:community", kwargs={"slug": snapshot.community.slug}),
    }
    body = render_to_string("reports/email/weekly_summary.txt", context)
    try:
        send_mail(
            subject=f"[{settings.SITE_NAME}] "
            + _("Weekly engagement: %(community)s") % {"community": snapshot.community.name},
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
            html_message=html_from_text(body),
        )
    except Exception:
        logger.exception("Weekly summary of %s not sent", snapshot.community_id)
        return 0
    return len(recipients)
