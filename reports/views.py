import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

import ratelimits
from communities import permissions as cp
from communities.models import Community
from reports import permissions, selectors, services
from reports.models import ReportSnapshot

GENERATE_RATE = "6/h"


def _community_or_404(user, slug):
    community = get_object_or_404(Community, slug=slug)
    if not cp.can_view_community(user, community):
        raise Http404
    if not permissions.can_view_community_report(user, community):
        raise PermissionDenied
    return community


def _require_staff(user):
    if not permissions.can_view_platform_report(user):
        raise Http404


@login_required
def index(request):
    communities = permissions.reportable_communities(request.user).order_by("name")
    return render(
        request,
        "reports/report_index.html",
        {"communities": communities, "is_staff": permissions.can_view_platform_report(request.user)},
    )


def _dashboard(request, community):
    snapshot = selectors.snapshot_latest(community=community)
    history = selectors.snapshot_history(community=community)
    context = {
        "community": community,
        "snapshot": snapshot,
        "running": selectors.snapshot_running(community=community),
        "history": history,
        "charts": selectors.dashboard_charts(snapshot, history),
        "generate_url": reverse("reports:community-generate", args=[community.slug])
        if community
        else reverse("reports:platform-generate"),
        "csv_url": reverse("reports:community-csv", args=[community.slug])
        if community
        else reverse("reports:platform-csv"),
    }
    return render(request, "reports/report_dashboard.html", context)


@login_required
def community(request, slug):
    return _dashboard(request, _community_or_404(request.user, slug))


@login_required
def platform(request):
    _require_staff(request.user)
    return _dashboard(request, None)


def _generate(request, community):
    if not ratelimits.hit("report", str(request.user.pk), GENERATE_RATE):
        if request.htmx:
            return HttpResponse("Too many reports requested; try again later.", status=429)
        return render(request, "reports/_rate_limited.html", status=429)
    snapshot = selectors.snapshot_running(community=community) or services.report_request(
        actor=request.user, community=community
    )
    if request.htmx:
        return render(request, "reports/_progress.html", {"snapshot": snapshot})
    return redirect(reverse("reports:community", args=[community.slug]) if community else reverse("reports:platform"))


@login_required
@require_POST
def community_generate(request, slug):
    return _generate(request, _community_or_404(request.user, slug))


@login_required
@require_POST
def platform_generate(request):
    _require_staff(request.user)
    return _generate(request, None)


@login_required
def snapshot_progress(request, snapshot_id):
    snapshot = get_object_or_404(ReportSnapshot.objects.select_related("community"), pk=snapshot_id)
    if snapshot.community is None:
        _require_staff(request.user)
        target = reverse("reports:platform")
    else:
        _community_or_404(request.user, snapshot.community.slug)
        target = reverse("reports:community", args=[snapshot.community.slug])
    response = render(request, "reports/_progress.html", {"snapshot": snapshot})
    if snapshot.is_finished and request.htmx:
        response["HX-Redirect"] = target
    return response


def _cell(value):
    """Neutralise spreadsheet formulas in member-written text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, response):
        self._writer = csv.writer(response)

    def writerow(self, row):
        self._writer.writerow([_cell(v) for v in row])


def _csv(snapshot, history, name):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-engagement.csv"'
    writer = _SafeWriter(response)
    writer.writerow(["metric", "value"])
    if snapshot is not None:
        m = snapshot.metrics
        for key in (
            "period_start", "period_end", "members", "active_members", "new_members", "threads", "posts",
            "replies_per_thread", "response_rate", "median_hours_to_first_reply", "unanswered_threads",
            "returning_posters", "one_time_posters",
        ):  # fmt: skip
            writer.writerow([key, m.get(key)])
        writer.writerow(["network_density", snapshot.network.get("density")])
        writer.writerow(["network_clusters", snapshot.network.get("clusters")])
        for person in m.get("top_contributors", []):
            writer.writerow(["top_contributor", f"{person['name']} ({person['posts']})"])
        for code, n in m.get("members_by_country", []):
            writer.writerow([f"members_country_{code}", n])
        for person in snapshot.network.get("isolated_newcomers", []):
            writer.writerow(["newcomer_without_reply", person["name"]])
    writer.writerow([])
    writer.writerow(["week_ending", "active_members", "posts", "threads", "response_rate", "median_hours"])
    for row in history:
        m = row["m"]
        writer.writerow(
            [
                row["snapshot"].period_end.date().isoformat(),
                m.get("active_members"),
                m.get("posts"),
                m.get("threads"),
                m.get("response_rate"),
                m.get("median_hours_to_first_reply"),
            ]
        )
    return response


@login_required
def community_csv(request, slug):
    community = _community_or_404(request.user, slug)
    return _csv(
        selectors.snapshot_latest(community=community), selectors.snapshot_history(community=community), community.slug
    )


@login_required
def platform_csv(request):
    _require_staff(request.user)
    return _csv(selectors.snapshot_latest(community=None), selectors.snapshot_history(community=None), "platform")
