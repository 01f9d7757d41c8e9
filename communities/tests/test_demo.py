import io

import pytest

from accounts import demo as accounts_demo
from communities import demo
from communities import permissions as perms
from communities.models import Community, CommunityKind, Membership, MembershipStatus, Role

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Community.objects.values_list("slug", "member_count", "visibility", "archived_at")),
        sorted(Membership.objects.values_list("user__username", "community__slug", "role", "status")),
    )


def test_seed_is_rich_deterministic_and_idempotent():
    accounts_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    first = _snapshot()
    demo.seed(stdout=io.StringIO())
    assert _snapshot() == first

    regular = Community.objects.filter(kind=CommunityKind.REGULAR)
    assert regular.count() >= 24
    assert {c.visibility for c in regular} == {"public", "private", "hidden"}
    assert all(c.description and c.tagline and c.topics.exists() and c.partners.exists() for c in regular)
    assert Membership.objects.filter(status=MembershipStatus.PENDING).exists()

    member = Membership.objects.filter(user__email="member@example.org", status=MembershipStatus.ACTIVE)
    assert member.count() >= 4
    mod = Membership.objects.filter(
        user__email="moderator@example.org", status=MembershipStatus.ACTIVE, role=Role.MODERATOR
    )
    assert mod.exclude(community__kind=CommunityKind.MODERATORS).count() == 3
    assert Membership.objects.filter(user__email="staff@example.org", role=Role.OWNER).count() >= 3

    # Every active moderator/owner belongs to the Community for Moderators, nobody else does.
    room = Community.objects.get(kind=CommunityKind.MODERATORS)
    team = set(
        Membership.objects.filter(status="active", role__in=["moderator", "owner"])
        .exclude(community=room)
        .values_list("user_id", flat=True)
    )
    in_room = set(Membership.objects.filter(community=room, status="active").values_list("user_id", flat=True))
    assert in_room == team
    # Counters match the rows.
    for community in Community.objects.all():
        assert community.member_count == community.memberships.filter(status="active").count()
    # The moderators' room is hidden from outsiders.
    member_user = Membership.objects.filter(user__email="member@example.org").first().user
    assert not perms.can_see_community_exists(member_user, room)
