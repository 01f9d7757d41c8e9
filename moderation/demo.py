"""Demo moderation: a guidelines thread for moderators, open flags in the demo moderator's
communities, and some history in the audit log (deterministic, idempotent)."""

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from communities.models import Community, CommunityKind, Membership, MembershipStatus, Role
from discussions.models import Post, PostStatus, Thread
from moderation import services
from moderation.models import AuditEntry, Flag, FlagReason

SEED = 7331
GUIDELINES_TITLE = "Start here: moderator guidelines and the moderation queue"
GUIDELINES_BODY = """Welcome to the Community for Moderators.

Before you handle your first flag, please read the **[moderator guidelines]({guidelines})**: tone,
the ladder of responses (nudge, move or merge, lock, hide, warn, suspend), when to hide and when to
delete, and how to handle conflict between stakeholders who share a basin but not a point of view.

Your **[moderation queue]({queue})** collects flagged posts, replies from new members that wait for
approval, and join requests for every community you moderate. Every action is recorded in the
**[audit log]({log})**, which the other moderators of your community can read.

Use this thread for questions about moderation practice. Difficult case? Start a new thread here,
leave out names, and ask for a second opinion before you act.
"""

FLAG_NOTES = {
    FlagReason.SPAM: ["Reads like an advert for a consultancy's services.", ""],
    FlagReason.OFF_TOPIC: ["Drifts away from the question the thread asks.", ""],
    FlagReason.ABUSIVE: ["The tone towards the previous poster is dismissive and personal.", ""],
    FlagReason.OTHER: ["Quotes a report that is not public yet.", "Possibly copied from a paper without credit."],
}
HISTORY = [
    ("lock", "The consultation closed on Friday; the summary is pinned in the community."),
    ("hide", "Please discuss the data rather than the people who collected it."),
    ("warn", "Second off-topic job advert this month; please use the Opportunities thread."),
]


def _guidelines_thread(staff):
    room = Community.objects.filter(kind=CommunityKind.MODERATORS).order_by("pk").first()
    if room is None or Thread.objects.filter(community=room, title=GUIDELINES_TITLE).exists():
        return 0
    from discussions.services import thread_create

    body = GUIDELINES_BODY.format(
        guidelines=reverse("moderation:guidelines"), queue=reverse("moderation:queue"), log=reverse("moderation:log")
    )
    thread_create(author=staff, community=room, title=GUIDELINES_TITLE, body=body, pinned=True)
    thread = Thread.objects.get(community=room, title=GUIDELINES_TITLE)
    if not thread.is_pinned:
        services.thread_set_pinned(actor=staff, thread=thread, pinned=True)
    return 1


def _flags(rng, moderator):
    """Open flags on a few posts of the communities the demo moderator runs."""
    communities = list(
        Community.objects.filter(pk__in=Membership.objects.moderators().filter(user=moderator).values("community_id"))
        .exclude(kind=CommunityKind.MODERATORS)
        .order_by("slug")
    )
    made = 0
    for community in communities:
        posts = list(
            # Not filtered on is_hidden: the candidates (and so the draw) stay the same on a second run.
            Post.objects.filter(thread__community=community, number__gt=1, status=PostStatus.PUBLISHED)
            .exclude(author__isnull=True)
            .select_related("author", "thread__community")
            .order_by("pk")[:400]
        )
        members = list(
            User.objects.filter(
                memberships__community=community,
                memberships__status=MembershipStatus.ACTIVE,
                memberships__role=Role.MEMBER,
                is_active=True,
            ).order_by("pk")
        )
        if len(posts) < 5 or len(members) < 5:
            continue
        for post in rng.sample(posts, 3):
            reason = rng.choice(list(FLAG_NOTES))
            reporters = [m for m in members if m.pk != post.author_id]
            for reporter in rng.sample(reporters, rng.randint(1, 2)):
                note = rng.choice(FLAG_NOTES[reason]) or ("" if reason != FlagReason.OTHER else "Please check.")
                if Flag.objects.filter(reporter=reporter, post=post).exists():
                    continue
                try:
                    services.flag_create(reporter=reporter, item=post, reason=reason, note=note)
                    made += 1
                except (PermissionDenied, ValidationError, services.RateLimited):
                    continue
    return made


def _history(rng, moderator):
    """A few past decisions by the demo moderator, so the audit log is not empty (first run only)."""
    if AuditEntry.objects.filter(actor=moderator).exclude(action="auto_hide").exists():
        return 0
    community = (
        Community.objects.filter(
            memberships__user=moderator, memberships__status=MembershipStatus.ACTIVE, memberships__role=Role.MODERATOR
        )
        .exclude(kind=CommunityKind.MODERATORS)
        .order_by("slug")
        .first()
    )
    if community is None:
        return 0
    threads = list(Thread.objects.filter(community=community, is_hidden=False, is_locked=False).order_by("pk")[:50])
    if len(threads) < 3:
        return 0
    done = 0
    for action, reason in HISTORY:
        try:
            if action == "lock":
                services.thread_lock(actor=moderator, thread=rng.choice(threads), reason=reason)
            elif action == "hide":
                post = (
                    Post.objects.filter(thread__community=community, number__gt=1, is_hidden=False, is_deleted=False)
                    .filter(author__memberships__community=community, author__memberships__role=Role.MEMBER)
                    .order_by("pk")
                    .first()
                )
                if post is not None:
                    services.post_hide(actor=moderator, post=post, reason=reason)
            else:
                member = (
                    Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE, role=Role.MEMBER)
                    .exclude(user__email="member@example.org")
                    .order_by("user_id")
                    .first()
                )
                if member is not None:
                    services.member_warn(actor=moderator, community=community, user=member.user, reason=reason)
            done += 1
        except (PermissionDenied, ValidationError):
            continue
    return done


def seed(*, stdout):
    staff = User.objects.filter(email="staff@example.org").first()
    moderator = User.objects.filter(email="moderator@example.org").first()
    if staff is None or moderator is None:
        stdout.write("moderation: no demo logins yet, skipped")
        return
    rng = random.Random(SEED)
    threads = _guidelines_thread(staff)
    flags = _flags(rng, moderator)
    history = _history(rng, moderator)
    stdout.write(f"moderation: {threads} guidelines thread, {flags} flags, {history} logged actions created")
