"""Reads for the report pages."""

from django.utils.translation import gettext as _
from django_countries import countries

from accounts.models import Sector
from reports import charts
from reports.models import ReportSnapshot, SnapshotStatus

HISTORY = 12


def snapshot_latest(*, community):
    return (
        ReportSnapshot.objects.filter(community=community, status=SnapshotStatus.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def snapshot_running(*, community):
    return (
        ReportSnapshot.objects.filter(community=community, status__in=[SnapshotStatus.PENDING, SnapshotStatus.RUNNING])
        .order_by("-created_at")
        .first()
    )


def snapshot_history(*, community):
    """Finished weekly snapshots, newest first, each with deltas against the week before."""
    rows = list(
        ReportSnapshot.objects.filter(community=community, status=SnapshotStatus.DONE, weekly=True)
        .order_by("-period_end")
        .only("id", "period_start", "period_end", "metrics")[: HISTORY + 1]
    )
    history = []
    for current, previous in zip(rows, [*rows[1:], None], strict=False):
        m = current.metrics
        p = previous.metrics if previous else {}
        history.append(
            {
                "snapshot": current,
                "m": m,
                "delta_active": (m.get("active_members", 0) - p["active_members"]) if p else None,
                "delta_posts": (m.get("posts", 0) - p["posts"]) if p else None,
            }
        )
    return history[:HISTORY]


def dashboard_charts(snapshot, history) -> dict:
    if snapshot is None:
        return {}
    m = snapshot.metrics
    weekly = [(row["week"], row["posts"]) for row in m.get("posts_per_week", [])]
    country_rows = [(countries.name(code) or code, n) for code, n in m.get("members_by_country", [])[:10]]
    sector_labels = dict(Sector.choices)
    sector_rows = [(sector_labels.get(code, code), n) for code, n in m.get("members_by_sector", [])]
    response = [
        (row["snapshot"].period_end.date().isoformat(), row["m"].get("median_hours_to_first_reply") or 0)
        for row in reversed(history)
    ]
    return {
        "activity": charts.bar_chart(weekly, title=_("Posts per week")),
        "countries": charts.hbar_chart(country_rows, title=_("Members by country")),
        "sectors": charts.hbar_chart(sector_rows, title=_("Members by sector"), colour="#7a3b8f"),
        "response": charts.bar_chart(response, title=_("Median hours to first reply"), colour="#b35c00", unit=" h"),
        "country_rows": country_rows,
        "sector_rows": sector_rows,
    }
