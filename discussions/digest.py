"""Digest sections for notifications: new threads and the most active discussions.

Registered with ``notifications.digests.register_provider`` in DiscussionsConfig.ready().
Works on a batch of members with a fixed number of queries (5), whatever the batch size.
"""

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from discussions.models import Post, PostStatus, ReadState, Thread
from markup import plain_text

PER_COMMUNITY = 5
EXCERPT = 200  # characters of a new thread's opening post


def digest_sections(*, users, communities_by_user, since, until):
    community_ids = set().union(*communities_by_user.values()) if communities_by_user else set()
    if not community_ids:
        return {}
    base = Thread.objects.filter(community_id__in=community_ids, is_hidden=False, community__archived_at__isnull=True)
    new_threads = list(
        base.filter(created_at__gte=since, created_at__lt=until)
        .select_related("community", "author")
        .order_by("-created_at")
    )
    new_by_community = defaultdict(list)
    for thread in new_threads:
        if len(new_by_community[thread.community_id]) < PER_COMMUNITY:
            new_by_community[thread.community_id].append(thread)
    shown = [t.pk for threads in new_by_community.values() for t in threads]
    openings = (
        dict(
            Post.objects.filter(
                thread_id__in=shown, number=1, status=PostStatus.PUBLISHED, is_hidden=False
            ).values_list("thread_id", "body_html")
        )
        if shown
        else {}
    )

    activity = (
        Post.objects.filter(
            thread__in=base,
            created_at__gte=since,
            created_at__lt=until,
            status=PostStatus.PUBLISHED,
            is_hidden=False,
            is_deleted=False,
        )
        .values("thread_id", "thread__community_id")
        .annotate(n=Count("id"))
        .order_by("-n", "thread_id")
    )
    active_counts = {}
    per_community = defaultdict(int)
    for row in activity:
        community_id = row["thread__community_id"]
        if per_community[community_id] < PER_COMMUNITY and row["n"] > 1:
            per_community[community_id] += 1
            active_counts[row["thread_id"]] = row["n"]
    active_threads = {t.pk: t for t in base.filter(pk__in=active_counts).select_related("community")}

    thread_ids = {t.pk for t in new_threads} | set(active_threads)
    read = {
        (user_id, thread_id): number
        for user_id, thread_id, number in ReadState.objects.filter(
            user_id__in=[u.pk for u in users], thread_id__in=thread_ids
        ).values_list("user_id", "thread_id", "last_read_number")
    }

    # Items are built once per thread and shared by every member's digest.
    new_cache, active_cache = {}, {}

    def new_item(thread):
        if thread.pk not in new_cache:
            new_cache[thread.pk] = {
                "key": f"new:{thread.pk}",
                "title": thread.title,
                "url": thread.get_absolute_url(),
                "community": thread.community.name,
                "meta": _("started by %(name)s") % {"name": thread.author.name if thread.author else "?"},
                "excerpt": plain_text(openings.get(thread.pk, ""), EXCERPT),
            }
        return new_cache[thread.pk]

    def active_item(thread):
        if thread.pk not in active_cache:
            count = active_counts[thread.pk]
            active_cache[thread.pk] = {
                "key": f"active:{thread.pk}",
                "title": thread.title,
                "url": thread.get_absolute_url(),
                "community": thread.community.name,
                "meta": ngettext("%(n)s new post", "%(n)s new posts", count) % {"n": count},
            }
        return active_cache[thread.pk]

    result = {}
    for user in users:
        mine = communities_by_user.get(user.pk, set())
        new_items, active_items = [], []
        for community_id in sorted(mine):
            for thread in new_by_community.get(community_id, []):
                if thread.author_id == user.pk or read.get((user.pk, thread.pk), 0) >= 1:
                    continue
                new_items.append(new_item(thread))
        for thread_id in active_counts:
            thread = active_threads.get(thread_id)
            if thread is None or thread.community_id not in mine:
                continue
            if read.get((user.pk, thread_id), 0) >= thread.post_count:
                continue
            active_items.append(active_item(thread))
        result[user.pk] = [
            {"title": _("New threads"), "items": new_items},
            {"title": _("Most active discussions"), "items": active_items},
        ]
    return result
