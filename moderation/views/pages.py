"""Audit log (page and CSV), moderator guidelines, and a member's own standing."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from communities.models import Community, CommunityKind
from communities.permissions import can_view_community
from moderation import permissions as mp
from moderation import selectors
from moderation.forms import AuditFilterForm

LOG_PER_PAGE = 50
CSV_MAX_ROWS = 50_000


def _filtered_log(request):
    if not mp.can_use_moderation(request.user):
        raise PermissionDenied
    communities = mp.audit_communities_for(request.user).order_by("name")
    form = AuditFilterForm(request.GET or None, communities=communities)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "community": data.get("community"),
            "action": data.get("action") or "",
            "since": data.get("since"),
            "until": data.get("until"),
            "query": (data.get("q") or "").strip(),
            "person": data.get("person") or "",
        }
    return form, selectors.audit_list(viewer=request.user, **filters)


@login_required
def audit_log(request):
    form, entries = _filtered_log(request)
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "moderation/audit_log.html", {"form": form, "page": page}, status=status)


class _Echo:
    def write(self, value):
        return value


def _csv_safe(value):
    """Neutralise spreadsheet formulas (=, +, -, @) in exported cells."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def audit_log_csv(request):
    _form, entries = _filtered_log(request)
    writer = csv.writer(_Echo())
    header = ["time (UTC)", "actor", "action", "community", "target type", "target id", "target", "affected member",
              "reason", "before", "after"]  # fmt: skip

    def rows():
        yield writer.writerow(header)
        for entry in entries[:CSV_MAX_ROWS].iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    entry.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                    _csv_safe(entry.actor_name),
                    entry.action,
                    _csv_safe(entry.community_name),
                    entry.target_type,
                    entry.target_id or "",
                    _csv_safe(entry.target_label),
                    _csv_safe(entry.target_user.username if entry.target_user_id and entry.target_user else ""),
                    _csv_safe(entry.reason),
                    _csv_safe(entry.before),
                    _csv_safe(entry.after),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="moderation-log-{stamp}.csv"'
    return response


def guidelines(request):
    """Public on purpose: members should know how moderation decides."""

    moderators_community = Community.objects.filter(kind=CommunityKind.MODERATORS).first()
    if moderators_community and not can_view_community(request.user, moderators_community):
        moderators_community = None  # a hidden room: outsiders would follow the link to a 404
    context = {"moderators_community": moderators_community, "can_use_queue": mp.can_use_moderation(request.user)}
    return render(request, "moderation/guidelines.html", context)


@login_required
def standing(request):
    return render(request, "moderation/standing.html", selectors.standing_for(request.user))
