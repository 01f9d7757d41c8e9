"""Read queries for the design programme pages."""

from datetime import timedelta

from django.apps import apps
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.models import Membership, MembershipStatus
from communities.permissions import is_staff
from discussions.models import Post, PostStatus, Thread
from hub.sqlrows import Columns
from training import permissions as perms
from training.models import (
    DesignProgramme,
    LabItem,
    LabTick,
    MilestoneStatus,
    SessionAudience,
    TrainingSession,
)

_PROGRAMME = Columns(DesignProgramme)


def programme_for_community(*, community):
    """The design programme that launched ``community``, or None (one written-out lookup by
    the unique community column: every community page's header asks)."""
    from django.db import connection

    sql = f"SELECT {_PROGRAMME.sql('p')} FROM {DesignProgramme._meta.db_table} p WHERE p.community_id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [community.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    programme = _PROGRAMME.load(row, 0, connection)
    programme.community = community
    return programme


def programme_list_for(*, viewer):
    qs = perms.programmes_visible_to(viewer).select_related("community", "proposer")
    return (
        qs.prefetch_related("leaders", "experts")
        .annotate(
            milestone_total=Count("milestones", distinct=True),
            milestone_done=Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE), distinct=True),
        )
        .order_by("-created_at", "-pk")
    )  # Meta.ordering does not apply to aggregated queries


def programme_get(*, pk, viewer) -> DesignProgramme:
    """The programme, or 404 for anyone who is not its leader, expert or a staff admin."""
    programme = get_object_or_404(DesignProgramme.objects.select_related("community", "sandbox"), pk=pk)
    perms.check_can_view_programme(viewer, programme)
    return programme


def _flag_model():
    try:
        return apps.get_model("moderation", "Flag")
    except LookupError:
        return None


def lab_manual_items():
    """IT Lab items the hub cannot detect from real data (ticked by hand)."""
    return [] if _flag_model() is not None else [LabItem.FLAG]


def lab_checklist(programme):
    """The IT Lab checklist, each item detected from what the leaders really did in the sandbox."""
    sandbox = programme.sandbox
    leader_ids = list(programme.leaders.values_list("pk", flat=True))
    manual = set(lab_manual_items())
    ticks = set(LabTick.objects.filter(programme=programme).values_list("item", flat=True))
    done = dict.fromkeys(LabItem.values, False)
    if sandbox is not None:
        done[LabItem.POST] = Post.objects.filter(thread__community=sandbox, author_id__in=leader_ids).exists()
        done[LabItem.PIN] = Thread.objects.filter(community=sandbox, is_pinned=True).exists()
        done[LabItem.APPROVE] = (
            Membership.objects.filter(community=sandbox, status=MembershipStatus.ACTIVE, decided_by_id__in=leader_ids)
            .exclude(user_id__in=leader_ids)
            .exists()
        )
        flag = _flag_model()
        if flag is not None:
            done[LabItem.FLAG] = (
                flag.objects.filter(community=sandbox, resolved_by_id__in=leader_ids).exclude(status="open").exists()
            )
    for item in manual:
        done[item] = item in ticks
    return [
        {"item": value, "label": label, "done": done[value], "manual": value in manual}
        for value, label in LabItem.choices
    ]


def engagement(community, *, days=30, now=None):
    """Threads, posts and active members of a community over the last ``days`` days."""
    since = (now or timezone.now()) - timedelta(days=days)
    posts = Post.objects.filter(
        thread__community=community, created_at__gte=since, status=PostStatus.PUBLISHED, is_deleted=False
    )
    return {
        "threads": Thread.objects.filter(community=community, created_at__gte=since).count(),
        "posts": posts.count(),
        "active_members": posts.exclude(author=None).values("author_id").distinct().count(),
        "members": community.member_count,
    }


def engagement_by_community(community_ids, *, days=30, now=None):
    """engagement() for many communities in three grouped queries."""
    since = (now or timezone.now()) - timedelta(days=days)
    ids = list(community_ids)
    result = {pk: {"threads": 0, "posts": 0, "active_members": 0} for pk in ids}
    if not ids:
        return result
    threads = Thread.objects.filter(community_id__in=ids, created_at__gte=since)
    for row in threads.values("community_id").annotate(n=Count("pk")):
        result[row["community_id"]]["threads"] = row["n"]
    posts = Post.objects.filter(
        thread__community_id__in=ids, created_at__gte=since, status=PostStatus.PUBLISHED, is_deleted=False
    )
    for row in posts.values("thread__community_id").annotate(n=Count("pk"), people=Count("author_id", distinct=True)):
        result[row["thread__community_id"]].update(posts=row["n"], active_members=row["people"])
    return result


def insights(*, viewer):
    """Every programme with its step status, milestone progress and community engagement."""
    programmes = list(programme_list_for(viewer=viewer).prefetch_related("charter_versions"))
    engagement_of = engagement_by_community(p.community_id for p in programmes if p.community_id)
    rows = []
    for programme in programmes:
        latest = max(programme.charter_versions.all(), key=lambda v: v.number, default=None)
        row = {"programme": programme, "charter": latest, "engagement": None, "objectives": []}
        if latest is not None:
            row["objectives"] = latest.content.get("objectives", [])
        if programme.community is not None:
            row["engagement"] = dict(engagement_of[programme.community_id], members=programme.community.member_count)
        total = programme.milestone_total
        row["progress"] = round(100 * programme.milestone_done / total) if total else 0
        rows.append(row)
    return rows


def sessions_upcoming_for(user, *, limit=5, now=None):
    """Upcoming sessions a person is invited to (open moderator sessions, their programmes' days)."""
    if user is None or not user.is_authenticated:
        return TrainingSession.objects.none()
    now = now or timezone.now()
    qs = TrainingSession.objects.filter(starts_at__gte=now - timedelta(hours=3)).select_related("programme")
    if is_staff(user):
        return qs[:limit]
    moderates = Membership.objects.moderators().filter(user=user).exists()
    leads = user.led_programmes.exists()
    rule = Q(programme__leaders=user) | Q(programme__experts=user)
    if moderates or leads:
        rule |= Q(audience=SessionAudience.MODERATORS)
    return qs.filter(rule).distinct()[:limit]
