"""Direct checks of the permission functions other apps call."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities import permissions as perms
from communities.models import CommunityKind, Membership
from communities.tests.conftest import build_world
from communities.tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_can_act_on_member_follows_rank():
    world = build_world()
    c, u = world.community, world.users
    expected = {
        ("owner", "moderator"): True,
        ("owner", "member"): True,
        ("owner", "owner"): False,  # themselves
        ("moderator", "member"): True,
        ("moderator", "pending"): True,
        ("moderator", "moderator"): False,
        ("moderator", "owner"): False,
        ("member", "pending"): False,
        ("staff", "owner"): True,
        ("owner", "staff"): False,
        ("banned", "member"): False,
    }
    for (actor, target), allowed in expected.items():
        assert perms.can_act_on_member(u[actor], c, u[target]) is allowed, (actor, target)
    assert perms.can_act_on_member(AnonymousUser(), c, u["member"]) is False
    rows = {m.user_id: m for m in Membership.objects.filter(community=c).select_related("user")}
    for (actor, target), allowed in expected.items():
        if u[target].pk in rows:
            assert perms.can_act_on_membership(u[actor], c, rows[u[target].pk]) is allowed, (actor, target)


def test_posting_needs_active_unsuspended_membership_in_unarchived_community():
    world = build_world()
    c, u = world.community, world.users
    assert perms.can_post_in_community(u["member"], c)
    assert not perms.can_post_in_community(u["pending"], c)
    assert not perms.can_post_in_community(u["banned"], c)
    assert not perms.can_post_in_community(AnonymousUser(), c)
    m = world.memberships["member"]
    m.suspended_until = timezone.now() + timedelta(days=1)
    m.save()
    perms.forget_memberships(u["member"])
    assert not perms.can_post_in_community(u["member"], c)
    c.archived_at = timezone.now()
    assert not perms.can_post_in_community(u["staff"], c)


def test_nobody_joins_the_moderators_community_by_hand():
    room = CommunityFactory(kind=CommunityKind.MODERATORS, visibility="public", join_policy="open")
    assert not perms.can_join_community(UserFactory(), room)
    assert not perms.can_request_to_join(UserFactory(), room)


def test_moderated_communities_lists_team_roles_only():
    world = build_world()
    other = CommunityFactory()
    MembershipFactory(user=world.users["moderator"], community=other)
    assert list(perms.moderated_communities(world.users["moderator"])) == [world.community]
    assert not perms.moderated_communities(world.users["member"]).exists()
    assert not perms.moderated_communities(AnonymousUser()).exists()
    assert perms.moderated_communities(world.users["staff"]).count() == 2
