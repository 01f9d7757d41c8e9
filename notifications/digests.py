"""Email digests: daily or weekly, at each member's local morning, exactly once per period.

Content comes from providers registered by the content apps (discussions registers
"new threads" and "most active discussions"), because notifications sits below them.
A provider is called once per *batch* of members, so the number of queries does not
grow with the number of members:

    provider(*, users, communities_by_user, since, until) -> {user_id: [section, ...]}
    section = {"title": str, "items": [{"title", "url", "community", "meta", optional "excerpt"}]}
"""

import datetime
import html
import logging
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from communities.models import DigestFrequency, Membership, MembershipStatus, NotificationLevel
from hub import i18n
from notifications.models import (
    Channel,
    DigestRun,
    Notification,
    NotificationPreference,
    default_channel,
)
from outbox.services import absolute, delivery_create, enqueue_delivery_batch, link

logger = logging.getLogger(__name__)

_providers = []
BATCH = 500
DIGEST_LOCAL_HOUR = 7
WEEKLY_WEEKDAY = 0  # Monday


def register_provider(provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def period_key(frequency: str, local_now: datetime.datetime) -> str:
    if frequency == DigestFrequency.DAILY:
        return f"daily:{local_now.date().isoformat()}"
    year, week, _day = local_now.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def period_span(frequency: str) -> datetime.timedelta:
    return datetime.timedelta(days=1 if frequency == DigestFrequency.DAILY else 7)


def _local_now(user, now):
    try:
        tz = zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = datetime.UTC
    return now.astimezone(tz)


def period_start(frequency: str, local_now: datetime.datetime) -> datetime.datetime:
    """When the period containing ``local_now`` is due: local 07:00 of that day (daily) or of
    that week's Monday (weekly).  Its content is the span that ends there."""
    day = local_now.date()
    if frequency != DigestFrequency.DAILY:
        day -= datetime.timedelta(days=(local_now.weekday() - WEEKLY_WEEKDAY) % 7)
    naive = datetime.datetime.combine(day, datetime.time(DIGEST_LOCAL_HOUR))
    return naive.replace(tzinfo=local_now.tzinfo)


def catch_up_window() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "DIGEST_CATCH_UP_HOURS", 12))


def due_frequencies(user, now) -> list[str]:
    """Which digests are due for ``user`` at ``now``: from their local morning until the
    catch-up window closes.  The periodic run finds every due member whose period has no
    DigestRun yet, so a run killed mid-build (or a worker that was down) is made up by the
    next run instead of skipping the period; the DigestRun keeps it to one per period."""
    local = _local_now(user, now)
    due = []
    for frequency in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
        start = period_start(frequency, local)
        if start <= local < start + catch_up_window():
            due.append(frequency)
    return due


def _memberships_by_user(user_ids, frequency):
    # A muted community stays out of the digest too, whatever its digest frequency says.
    rows = (
        Membership.objects.filter(user_id__in=user_ids, status=MembershipStatus.ACTIVE, digest_frequency=frequency)
        .exclude(notification_level=NotificationLevel.MUTE)
        .values_list("user_id", "community_id")
    )
    result = defaultdict(set)
    for user_id, community_id in rows:
        result[user_id].add(community_id)
    return result


def digest_send_batch(*, users, frequency, now=None, force=False) -> dict[str, int]:
    """Build and queue the ``frequency`` digest for each user in ``users`` whose period has
    no DigestRun yet.  ``force`` skips the local-morning check (on-demand runs, tests)."""
    now = now or timezone.now()
    stats = {"sent": 0, "empty": 0, "skipped": 0}
    candidates = [u for u in users if force or frequency in due_frequencies(u, now)]
    if not candidates:
        return stats
    periods = {u.pk: period_key(frequency, _local_now(u, now)) for u in candidates}
    done = set(
        DigestRun.objects.filter(user_id__in=periods, period__in=set(periods.values())).values_list("user_id", "period")
    )
    todo = [u for u in candidates if (u.pk, periods[u.pk]) not in done]
    stats["skipped"] += len(candidates) - len(todo)
    if not todo:
        return stats
    communities = _memberships_by_user([u.pk for u in todo], frequency)
    todo = [u for u in todo if communities.get(u.pk)]
    # Each member's digest is written in their language: sections and items are built and
    # rendered once per language present, not once per member.
    by_language = defaultdict(list)
    for user in todo:
        by_language[i18n.member_language(user)].append(user)
    for language, group in sorted(by_language.items()):
        with translation.override(language):
            for key, value in _digest_send_group(group, communities, frequency, periods, now, force).items():
                stats[key] += value
    return stats


def _digest_send_group(todo, communities, frequency, periods, now, force) -> dict[str, int]:
    stats = {"sent": 0, "empty": 0, "skipped": 0}
    # A scheduled digest covers the span that ends at its period's start, so one sent late
    # (after a crash) holds what it would have held on time.  Members are grouped by that
    # span (one group per time zone offset at most): the queries do not grow with members.
    groups = defaultdict(list)
    for user in todo:
        until = now if force else period_start(frequency, _local_now(user, now))
        groups[until].append(user)
    sections = defaultdict(list)
    for until, group in groups.items():
        since = until - period_span(frequency)
        for provider in _providers:
            for user_id, user_sections in provider(
                users=group, communities_by_user=communities, since=since, until=until
            ).items():
                sections[user_id].extend(s for s in user_sections if s["items"])
        for user_id, items in _digest_notifications(group, since, until).items():
            sections[user_id].insert(0, {"title": _("Notifications for you"), "items": items})
    deliveries = []
    rendered = {}
    # One transaction per batch (one commit, not one per member); each member's claim and
    # outbox row sit in a savepoint, so a period another worker claimed is simply skipped.
    # A kill before the commit leaves no claim (the next run builds the batch again); after
    # it, the claims and pending outbox rows are there and the outbox sweep sends them.
    with transaction.atomic():
        for user in todo:
            user_sections = sections.get(user.pk, [])
            item_count = sum(len(s["items"]) for s in user_sections)
            try:
                with transaction.atomic():
                    delivery = None
                    if item_count:
                        delivery = _digest_delivery_create(user, frequency, user_sections, item_count, rendered)
                    DigestRun.objects.create(
                        user=user, period=periods[user.pk], item_count=item_count, delivery=delivery
                    )
            except IntegrityError:  # another worker claimed this period first
                stats["skipped"] += 1
                continue
            if delivery is not None:
                deliveries.append(delivery.pk)
            stats["sent" if item_count else "empty"] += 1
        if deliveries:
            enqueue_delivery_batch(deliveries)
    return stats


def _render_items(sections, rendered):
    """Each item's HTML and text is rendered once per batch and reused across members."""
    for section in sections:
        for item in section["items"]:
            key = item.get("key") or item["url"]
            if key not in rendered:
                url = absolute(item["url"])
                meta = f" · {html.escape(item['meta'])}" if item["meta"] else ""
                # An optional excerpt is plain text (markup.plain_text): escaped here exactly once.
                excerpt = item.get("excerpt") or ""
                rendered[key] = (
                    '<tr><td style="padding:8px 0;border-bottom:1px solid #eef2f4;">'
                    f'<a href="{html.escape(url)}" style="color:#0a5a7d;font-weight:bold;text-decoration:none;">'
                    f"{html.escape(item['title'])}</a><br>"
                    f'<span style="font-size:12px;color:#555d66;">{html.escape(item["community"])}{meta}</span>'
                    + (f'<br><span style="font-size:13px;color:#333;">{html.escape(excerpt)}</span>' if excerpt else "")
                    + "</td></tr>",
                    f"- {item['title']} ({item['community']}{', ' + item['meta'] if item['meta'] else ''})\n"
                    + (f"  {excerpt}\n" if excerpt else "")
                    + f"  {url}\n",
                )
            yield section, rendered[key]


def _digest_notifications(users, since, until):
    """Unread notifications of the kinds each member sends to their digest (2 queries)."""
    user_ids = [u.pk for u in users]
    chosen = defaultdict(dict)
    for user_id, kind, channel in NotificationPreference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind", "channel"
    ):
        chosen[user_id][kind] = channel
    result = defaultdict(list)
    rows = Notification.objects.filter(
        recipient_id__in=user_ids, read_at__isnull=True, created_at__gte=since, created_at__lt=until
    ).select_related("community")
    for n in rows.order_by("-created_at")[: 50 * len(user_ids)]:
        channel = chosen[n.recipient_id].get(n.kind) or default_channel(n.kind)
        if channel == Channel.DIGEST and len(result[n.recipient_id]) < 20:
            result[n.recipient_id].append(
                {
                    "key": f"notification:{n.pk}",
                    "title": n.text,
                    "url": n.url or reverse("notifications:list"),
                    "community": n.community.name if n.community else settings.SITE_NAME,
                    "meta": "",
                }
            )
    return result


def _digest_delivery_create(user, frequency, sections, item_count, rendered):
    blocks = []
    for section in sections:
        parts = [pair for _s, pair in _render_items([section], rendered)]
        blocks.append(
            {
                "title": section["title"],
                "html": mark_safe("".join(h for h, _t in parts)),  # noqa: S308 - built from escaped parts
                "text": "".join(t for _h, t in parts),
            }
        )
    if frequency == DigestFrequency.DAILY:
        subject = _("Your daily digest: %(n)s new in your communities") % {"n": item_count}
    else:
        subject = _("Your weekly digest: %(n)s new in your communities") % {"n": item_count}
    return delivery_create(
        to_user=user,
        kind=f"digest_{frequency}",
        subject=f"[{settings.SITE_NAME}] {subject}",
        template="notifications/email/digest",
        context={
            "sections": blocks,
            "frequency": frequency,
            "item_count": item_count,
            "preferences_url": link("notifications:preferences"),
        },
        unsubscribe_scope="digest:all",
    )


def digests_send_due(*, now=None, force_frequency=None) -> dict[str, int]:
    """Walk members with a digest on, in batches, and send what is due (beat runs this hourly)."""
    from accounts.models import User

    now = now or timezone.now()
    totals = defaultdict(int)
    frequencies = [force_frequency] if force_frequency else [DigestFrequency.DAILY, DigestFrequency.WEEKLY]
    for frequency in frequencies:
        user_ids = (
            Membership.objects.filter(status=MembershipStatus.ACTIVE, digest_frequency=frequency)
            .values_list("user_id", flat=True)
            .distinct()
            .order_by("user_id")
        )
        ids = list(user_ids)
        for start in range(0, len(ids), BATCH):
            users = list(User.objects.filter(pk__in=ids[start : start + BATCH], is_active=True))
            stats = digest_send_batch(users=users, frequency=frequency, now=now, force=bool(force_frequency))
            for key, value in stats.items():
                totals[key] += value
    return dict(totals)
