"""Demo reports: four weeks of weekly snapshots for a few communities and the platform."""

import datetime

from django.utils import timezone

from communities.models import Community, CommunityKind
from reports.models import ReportSnapshot
from reports.services import report_generate

WEEKS = 4


def seed(*, stdout):
    now = timezone.now()
    monday = now.replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(days=now.weekday())
    scopes = [None, *Community.objects.filter(kind=CommunityKind.REGULAR, archived_at__isnull=True)
              .order_by("-post_count", "pk").values_list("pk", flat=True)[:6]]  # fmt: skip
    created = 0
    for community_id in scopes:
        for week in range(WEEKS, 0, -1):
            end = monday - datetime.timedelta(weeks=week - 1)
            snapshot, made = ReportSnapshot.objects.get_or_create(
                community_id=community_id,
                period_end=end,
                weekly=True,
                defaults={"period_start": end - datetime.timedelta(days=7)},
            )
            if made:
                report_generate(snapshot_id=snapshot.pk)
                created += 1
    stdout.write(f"reports: {created} weekly snapshots generated")
