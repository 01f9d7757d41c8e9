"""Engagement metrics over a period, computed with a fixed number of aggregate queries.

``community_ids=None`` means the whole platform.  Only published, visible content counts.
"""

import datetime
import statistics
from collections import Counter

from django.db.models import Count, F, Min
from django.db.models.functions import TruncWeek

from accounts.models import User
from communities.models import Membership, MembershipStatus
from discussions.models import Post, PostStatus, Thread

RESPONSE_WINDOW = datetime.timedelta(hours=48)
TOP = 10


def _threads(community_ids):
    qs = Thread.objects.filter(is_hidden=False)
    return qs if community_ids is None else qs.filter(community_id__in=community_ids)


def _posts(community_ids):
    qs = Post.objects.filter(status=PostStatus.PUBLISHED, is_hidden=False, is_deleted=False, thread__is_hidden=False)
    return qs if community_ids is None else qs.filter(thread__community_id__in=community_ids)


def _memberships(community_ids):
    qs = Membership.objects.filter(status=MembershipStatus.ACTIVE)
    return qs if community_ids is None else qs.filter(community_id__in=community_ids)


def engagement(*, community_ids, start, end) -> dict:
    """All headline numbers of the engagement report for [start, end)."""
    posts = _posts(community_ids)
    period_posts = posts.filter(created_at__gte=start, created_at__lt=end)
    threads = list(
        _threads(community_ids)
        .filter(created_at__gte=start, created_at__lt=end)
        .values("id", "author_id", "created_at", "reply_count")
    )
    thread_ids = [t["id"] for t in threads]

    # First reply by someone other than the thread's author.
    first_replies = dict(
        posts.filter(thread_id__in=thread_ids, number__gt=1)
        .exclude(author_id=F("thread__author_id"))
        .values("thread_id")
        .annotate(first=Min("created_at"))
        .values_list("thread_id", "first")
    )
    waits = []
    answered_in_window = 0
    for thread in threads:
        first = first_replies.get(thread["id"])
        if first is not None:
            wait = first - thread["created_at"]
            waits.append(wait.total_seconds() / 3600)
            if wait <= RESPONSE_WINDOW:
                answered_in_window += 1
    unanswered = sum(1 for t in threads if t["id"] not in first_replies)

    author_counts = Counter(
        dict(period_posts.values("author_id").annotate(n=Count("id")).values_list("author_id", "n"))
    )
    author_counts.pop(None, None)
    posters = set(author_counts)
    earlier_posters = set(
        posts.filter(created_at__lt=start, author_id__in=posters).values_list("author_id", flat=True).distinct()
    )
    returning = len(posters & earlier_posters)
    one_time = sum(1 for a in posters - earlier_posters if author_counts[a] == 1)

    top_ids = [a for a, _n in author_counts.most_common(TOP)]
    names = {u.pk: u for u in User.objects.filter(pk__in=top_ids).only("id", "username", "display_name")}
    top = [
        {"user_id": a, "name": names[a].name, "username": names[a].username, "posts": author_counts[a]}
        for a in top_ids
        if a in names
    ]

    members = _memberships(community_ids)
    member_rows = list(members.values("user_id", "user__country", "user__sector", "joined_at"))
    distinct_members = {r["user_id"]: r for r in member_rows}
    by_country = Counter(r["user__country"] or "—" for r in distinct_members.values())
    by_sector = Counter(r["user__sector"] or "other" for r in distinct_members.values())
    new_members = len({r["user_id"] for r in member_rows if r["joined_at"] and start <= r["joined_at"] < end})

    weekly = list(
        posts.filter(created_at__gte=end - datetime.timedelta(weeks=12), created_at__lt=end)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"))
        .order_by("week")
    )

    thread_count = len(threads)
    return {
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "members": len(distinct_members),
        "active_members": len(posters),
        "new_members": new_members,
        "threads": thread_count,
        "posts": sum(author_counts.values()),
        "replies_per_thread": round(sum(t["reply_count"] for t in threads) / thread_count, 2) if thread_count else 0,
        "response_rate": round(answered_in_window / thread_count, 3) if thread_count else None,
        "median_hours_to_first_reply": round(statistics.median(waits), 2) if waits else None,
        "unanswered_threads": unanswered,
        "top_contributors": top,
        "returning_posters": returning,
        "one_time_posters": one_time,
        "members_by_country": by_country.most_common(),
        "members_by_sector": by_sector.most_common(),
        "posts_per_week": [{"week": r["week"].date().isoformat(), "posts": r["n"]} for r in weekly],
    }
