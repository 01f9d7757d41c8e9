"""Read queries for the moderation pages (queue, log, standing)."""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce

from communities import permissions as cp
from communities.models import Community, Membership, MembershipStatus
from discussions.models import Post, PostStatus
from moderation.models import AuditAction, AuditEntry, Flag, FlagReason, PlatformSuspension
from moderation.permissions import can_use_moderation

QUEUE_FLAG_LIMIT = 500
NAV_COUNT_TTL = 30


def communities_moderated_by(viewer, community=None):
    qs = cp.moderated_communities(viewer)
    if community is not None:
        qs = qs.filter(pk=community.pk)
    return qs


@dataclass
class FlaggedItem:
    """All open flags on one post or thread, for one row of the queue."""

    kind: str  # "post" | "thread"
    item: object
    community: object
    flags: list = field(default_factory=list)

    @property
    def key(self):
        return f"{self.kind}-{self.item.pk}"

    @property
    def reason_counts(self):
        counts = OrderedDict()
        for flag in self.flags:
            label = FlagReason(flag.reason).label
            counts[label] = counts.get(label, 0) + 1
        return list(counts.items())

    @property
    def first_flagged_at(self):
        return min(f.created_at for f in self.flags)

    @property
    def author(self):
        return self.item.author


def flag_list_grouped(*, viewer, community=None) -> list[FlaggedItem]:
    """Open flags the viewer may act on, one entry per flagged item, oldest first."""
    flags = (
        Flag.objects.open()
        .filter(community__in=communities_moderated_by(viewer, community))
        .select_related(
            "reporter",
            "community",
            "post__author",
            "post__thread__community",
            "thread__author",
            "thread__community",
        )
        .order_by("created_at")[:QUEUE_FLAG_LIMIT]
    )
    groups: dict[str, FlaggedItem] = {}
    for flag in flags:
        if flag.post_id:
            key, kind, item = f"post-{flag.post_id}", "post", flag.post
        else:
            key, kind, item = f"thread-{flag.thread_id}", "thread", flag.thread
        group = groups.get(key)
        if group is None:
            group = groups[key] = FlaggedItem(kind=kind, item=item, community=flag.community)
        group.flags.append(flag)
    return list(groups.values())


def pending_post_list(*, viewer, community=None):
    return (
        Post.objects.filter(
            status=PostStatus.PENDING,
            is_deleted=False,
            thread__community__in=communities_moderated_by(viewer, community),
        )
        .select_related("author", "thread__community")
        .order_by("created_at")
    )


def join_request_list(*, viewer, community=None):
    return (
        Membership.objects.filter(
            status=MembershipStatus.PENDING, community__in=communities_moderated_by(viewer, community)
        )
        .select_related("user", "community")
        .order_by("created_at")
    )


def deleted_post_list(*, viewer):
    """Staff: soft-deleted posts (purge is offered once 30 days have passed)."""
    if not cp.is_staff(viewer):
        return Post.objects.none()
    return Post.objects.filter(is_deleted=True).select_related("author", "thread__community").order_by("-pk")


def _scalar_count(qs, expression):
    """A correlated-free scalar subquery counting ``expression`` over ``qs`` (0 when empty)."""
    counted = qs.order_by().annotate(_one=Value(1)).values("_one").annotate(n=expression).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def queue_counts(*, viewer, community=None) -> dict:
    """Open flagged items, pending posts and join requests, in one query."""
    scope = communities_moderated_by(viewer, community).values("pk")
    flags = Flag.objects.open().filter(community__in=scope)
    row = (
        Community.objects.order_by()
        .annotate(
            post_flags=_scalar_count(flags.filter(post__isnull=False), Count("post_id", distinct=True)),
            thread_flags=_scalar_count(flags.filter(post__isnull=True), Count("thread_id", distinct=True)),
            posts=_scalar_count(
                Post.objects.filter(status=PostStatus.PENDING, is_deleted=False, thread__community__in=scope),
                Count("pk"),
            ),
            requests=_scalar_count(
                Membership.objects.filter(status=MembershipStatus.PENDING, community__in=scope), Count("pk")
            ),
        )
        .values("post_flags", "thread_flags", "posts", "requests")[:1]
    )
    values = next(iter(row), None) or {"post_flags": 0, "thread_flags": 0, "posts": 0, "requests": 0}
    counts = {
        "flags": values["post_flags"] + values["thread_flags"],
        "posts": values["posts"],
        "requests": values["requests"],
    }
    counts["total"] = sum(counts.values())
    return counts


def nav_count_cache_key(user_id) -> str:
    return f"moderation:nav:{user_id}"


def nav_queue_count(user):
    """None for people who moderate nothing; otherwise the number of open queue items (cached briefly)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    key = nav_count_cache_key(user.pk)
    cached = cache.get(key)
    if cached is not None:
        return None if cached == -1 else cached

    value = queue_counts(viewer=user)["total"] if can_use_moderation(user) else -1
    cache.set(key, value, NAV_COUNT_TTL)
    return None if value == -1 else value


def audit_list(
    *, viewer, community=None, action="", actor=None, target_user=None, person="", since=None, until=None, query=""
):
    """Audit entries the viewer may read: their communities' (staff: everything)."""
    qs = AuditEntry.objects.select_related("actor", "target_user")
    if not cp.is_staff(viewer):
        qs = qs.filter(community__in=cp.moderated_communities(viewer))
    if community is not None:
        qs = qs.filter(community=community)
    if action:
        qs = qs.filter(action=action)
    if actor is not None:
        qs = qs.filter(actor=actor)
    if target_user is not None:
        qs = qs.filter(target_user=target_user)
    if person:
        qs = qs.filter(Q(actor__username__iexact=person) | Q(target_user__username__iexact=person))
    if since is not None:
        qs = qs.filter(created_at__date__gte=since)
    if until is not None:
        qs = qs.filter(created_at__date__lte=until)
    if query:
        qs = qs.filter(Q(target_label__icontains=query) | Q(reason__icontains=query) | Q(actor_name__icontains=query))
    return qs.order_by("-created_at", "-id")


# Actions whose outcome the affected person is shown on their standing page.
STANDING_ACTIONS = [
    AuditAction.AUTO_HIDE,
    AuditAction.POST_HIDE,
    AuditAction.POST_RESTORE,
    AuditAction.POST_DELETE,
    AuditAction.POST_REJECT,
    AuditAction.POST_APPROVE,
    AuditAction.THREAD_HIDE,
    AuditAction.THREAD_RESTORE,
    AuditAction.THREAD_LOCK,
    AuditAction.FLAG_DISMISS,
    AuditAction.MEMBER_WARN,
    AuditAction.MEMBER_SUSPEND,
    AuditAction.MEMBER_UNSUSPEND,
    AuditAction.MEMBER_REMOVE,
    AuditAction.MEMBER_ROLE,
    AuditAction.PLATFORM_UNSUSPEND,
]


def standing_for(user) -> dict:
    """What moderation decided about this person (their own account standing page)."""
    entries = AuditEntry.objects.filter(target_user=user, action__in=STANDING_ACTIONS).order_by("-created_at", "-id")[
        :50
    ]
    hidden_posts = (
        Post.objects.filter(author=user)
        .filter(Q(is_hidden=True) | Q(status=PostStatus.REJECTED) | Q(status=PostStatus.PENDING))
        .select_related("thread__community")
        .order_by("-created_at")[:50]
    )
    suspensions = (
        Membership.objects.filter(user=user, suspended_until__isnull=False)
        .select_related("community")
        .order_by("community__name")
    )
    return {
        "entries": entries,
        "hidden_posts": hidden_posts,
        "suspensions": [m for m in suspensions if m.is_suspended()],
        "platform_suspensions": PlatformSuspension.objects.current().filter(user=user),
    }
