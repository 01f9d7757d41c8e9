"""Demo communities, partners and memberships for the 300 demo members (deterministic, idempotent).

The whole plan (who belongs where, with which role and dates) is drawn first from a fixed
seed, then applied with get-or-create, so a second run draws the same plan and changes nothing.
"""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from communities.counters import members_recount
from communities.demo_data import COMMUNITIES, LANGUAGE_COMMUNITIES, MODERATORS_COMMUNITY
from communities.models import Community, CommunityKind, Membership, MembershipStatus, Partner, Role
from markup import render_markdown

SEED = 4242
# Demo logins and the communities they hold a role in.
MEMBER_OF = [
    "transboundary-water-cooperation",
    "groundwater-governance",
    "drought-management",
    "gender-and-water",
    "water-finance",
    "youth-and-water",
]
MODERATOR_OF = ["transboundary-water-cooperation", "groundwater-governance", "water-finance"]
STAFF_OWNS = [
    "river-restoration",
    "nature-based-solutions",
    "water-diplomacy-dialogue",
    "sandbox-community-design-2025",
]
MEMBER_PENDING_IN = ["lake-basin-management"]
MEMBER_INVITED_TO = ["basin-commission-secretariats"]
REQUEST_REASONS = [
    "I coordinate groundwater monitoring for our basin agency and would like to compare notes.",
    "We are preparing a national drought plan and I am looking for examples.",
    "PhD researcher on water tariffs; I would mostly read and occasionally share findings.",
    "I work for a utility that is structuring its first commercial loan.",
    "Our NGO runs a lake clean-up programme with fishing communities.",
    "",
]


def _plan(rng, demo_users, slugs):
    """Pure draw: {slug: {user: (role, status, days_ago, message)}} for the demo members."""
    plan = {slug: {} for slug in slugs}
    for slug in slugs:
        size = rng.randint(12, 70)
        chosen = rng.sample(demo_users, size)
        owner, *rest = chosen
        plan[slug][owner] = (Role.OWNER, MembershipStatus.ACTIVE, rng.randint(200, 700), "")
        moderators = rng.randint(1, 3)
        for i, user in enumerate(rest):
            role = Role.MODERATOR if i < moderators else Role.MEMBER
            plan[slug][user] = (role, MembershipStatus.ACTIVE, rng.randint(1, 600), "")
        # A few outstanding join requests wherever people may ask.
        outsiders = [u for u in demo_users if u not in plan[slug]]
        for user in rng.sample(outsiders, rng.randint(0, 4)):
            plan[slug][user] = (Role.MEMBER, MembershipStatus.PENDING, rng.randint(0, 12), rng.choice(REQUEST_REASONS))
    return plan


def _plan_language_community(rng, demo_users, language):
    """Members for a French or Spanish community: mostly speakers whose preferred language it is."""
    speakers = [u for u in demo_users if u.preferred_language == language]
    others = [u for u in demo_users if u.preferred_language != language]
    chosen = rng.sample(speakers, min(len(speakers), rng.randint(22, 34))) + rng.sample(others, rng.randint(2, 4))
    owner, *rest = chosen
    people = {owner: (Role.OWNER, MembershipStatus.ACTIVE, rng.randint(200, 700), "")}
    for i, user in enumerate(rest):
        people[user] = (Role.MODERATOR if i < 2 else Role.MEMBER, MembershipStatus.ACTIVE, rng.randint(1, 600), "")
    return people


def _create(slug, defaults, topics, partners):
    community, created = Community.objects.get_or_create(slug=slug, defaults=defaults)
    if created:
        community.topics.set(topics)
        Partner.objects.bulk_create(
            Partner(community=community, name=p_name, role=p_role, position=pos)
            for pos, (p_name, p_role) in enumerate(partners)
        )
    return community, created


def seed(*, stdout):
    rng = random.Random(SEED)
    now = timezone.now()
    staff = User.objects.filter(email="staff@example.org").first()
    member = User.objects.filter(email="member@example.org").first()
    moderator = User.objects.filter(email="moderator@example.org").first()
    demo_users = list(User.objects.filter(username__regex=r"^demo\d{3}$").order_by("username"))
    if not demo_users or staff is None:
        stdout.write("communities: no demo members yet, skipped")
        return

    created_communities = 0
    communities = {}
    for i, (slug, name, tagline, topics, visibility, policy, partners, description) in enumerate(COMMUNITIES):
        age = rng.randint(120, 900)
        community, created = Community.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "tagline": tagline,
                "description": description,
                "description_html": render_markdown(description),
                "visibility": visibility,
                "join_policy": policy,
                "created_by": staff,
                "created_at": now - timedelta(days=age),
                "last_activity_at": now - timedelta(hours=rng.randint(1, 24 * 30)),
                "archived_at": now - timedelta(days=60) if slug.startswith("sandbox-") else None,
                "premoderate_first_posts": 1 if policy == "open" and i % 3 == 0 else 0,
            },
        )
        if created:
            created_communities += 1
            community.topics.set(topics)
            Partner.objects.bulk_create(
                Partner(community=community, name=p_name, role=p_role, position=pos)
                for pos, (p_name, p_role) in enumerate(partners)
            )
        communities[slug] = community

    slug, name, tagline, topics, description = MODERATORS_COMMUNITY
    room, created = Community.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "tagline": tagline,
            "description": description,
            "description_html": render_markdown(description),
            "visibility": "hidden",
            "join_policy": "invite",
            "kind": CommunityKind.MODERATORS,
            "created_by": staff,
            "created_at": now - timedelta(days=900),
            "last_activity_at": now - timedelta(hours=5),
        },
    )
    if created:
        created_communities += 1
        room.topics.set(topics)

    plan = _plan(rng, demo_users, list(communities))
    # The French and Spanish communities draw from their own generator, so adding them left
    # every other community's plan as it was.
    language_rng = random.Random(f"{SEED}:languages")
    for slug, name, tagline, topics, visibility, policy, partners, description, language in LANGUAGE_COMMUNITIES:
        community, created = _create(
            slug,
            {
                "name": name,
                "tagline": tagline,
                "description": description,
                "description_html": render_markdown(description),
                "visibility": visibility,
                "join_policy": policy,
                "created_by": staff,
                "created_at": now - timedelta(days=language_rng.randint(200, 700)),
                "last_activity_at": now - timedelta(hours=language_rng.randint(1, 24 * 7)),
            },
            topics,
            partners,
        )
        created_communities += created
        communities[slug] = community
        plan[slug] = _plan_language_community(language_rng, demo_users, language)
    for slug in communities:
        if member is not None:
            if slug in MEMBER_OF:
                plan[slug][member] = (Role.MEMBER, MembershipStatus.ACTIVE, 90, "")
            if slug in MEMBER_PENDING_IN:
                plan[slug][member] = (
                    Role.MEMBER,
                    MembershipStatus.PENDING,
                    2,
                    "I follow the lake basin assessments.",
                )
            if slug in MEMBER_INVITED_TO:
                plan[slug][member] = (Role.MEMBER, MembershipStatus.INVITED, 1, "")
        if moderator is not None and slug in MODERATOR_OF:
            plan[slug][moderator] = (Role.MODERATOR, MembershipStatus.ACTIVE, 300, "")
        if slug in STAFF_OWNS:
            plan[slug][staff] = (Role.OWNER, MembershipStatus.ACTIVE, 400, "")
    # Hidden and invite-only communities have no join requests.
    for slug, community in communities.items():
        if community.join_policy != "request":
            plan[slug] = {u: row for u, row in plan[slug].items() if row[1] != MembershipStatus.PENDING}

    existing = set(Membership.objects.values_list("user_id", "community_id"))
    rows = []
    for slug, people in plan.items():
        community = communities[slug]
        for user, (role, status, days_ago, message) in people.items():
            if (user.pk, community.pk) in existing:
                continue
            when = now - timedelta(days=days_ago)
            rows.append(
                Membership(
                    user=user,
                    community=community,
                    role=role,
                    status=status,
                    request_message=message,
                    created_at=when,
                    joined_at=when if status == MembershipStatus.ACTIVE else None,
                    digest_frequency="weekly",
                )
            )
    Membership.objects.bulk_create(rows, ignore_conflicts=True)

    # The Community for Moderators: every active moderator and owner, with the hub staff as owner.
    team = set(
        Membership.objects.moderators()
        .exclude(community__kind=CommunityKind.MODERATORS)
        .values_list("user_id", flat=True)
    )
    in_room = set(Membership.objects.filter(community=room).values_list("user_id", flat=True))
    room_rows = [
        Membership(
            user_id=user_id,
            community=room,
            role=Role.OWNER if user_id == staff.pk else Role.MEMBER,
            status=MembershipStatus.ACTIVE,
            joined_at=now - timedelta(days=30),
        )
        for user_id in sorted(team | {staff.pk})
        if user_id not in in_room
    ]
    Membership.objects.bulk_create(room_rows, ignore_conflicts=True)

    # Counters from the data (the same numbers on every run).
    members_recount(Community.objects.values_list("pk", flat=True))
    stdout.write(f"communities: {created_communities} communities, {len(rows) + len(room_rows)} memberships created")
