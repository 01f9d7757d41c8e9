"""Reusable scenario fixtures: a community with one person in every role.

``community_world(visibility=..., join_policy=...)`` builds a community and the people
the permission matrix talks about (anonymous, signed-in non-member, pending, invited,
member, moderator, owner, banned, staff), and gives a logged-in test client per role.
Other apps (threads, moderation) reuse it through ``pytest_plugins`` or by importing
``build_world``::

    from communities.tests.conftest import build_world
    world = build_world(visibility="private")
    response = world.client("member").get(url)
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from accounts.tests.factories import UserFactory
from communities.models import Community, JoinPolicy, MembershipStatus, Role, Visibility
from communities.tests.factories import CommunityFactory, MembershipFactory

ROLES = ("anonymous", "nonmember", "pending", "invited", "member", "moderator", "owner", "banned", "staff")
VISIBILITIES = (Visibility.PUBLIC, Visibility.PRIVATE, Visibility.HIDDEN)
# The realistic pairing used by the matrix unless a test asks for another.
DEFAULT_POLICY = {
    Visibility.PUBLIC: JoinPolicy.OPEN,
    Visibility.PRIVATE: JoinPolicy.REQUEST,
    Visibility.HIDDEN: JoinPolicy.INVITE,
}
_ROLE_ROWS = {
    "pending": (Role.MEMBER, MembershipStatus.PENDING),
    "invited": (Role.MEMBER, MembershipStatus.INVITED),
    "member": (Role.MEMBER, MembershipStatus.ACTIVE),
    "moderator": (Role.MODERATOR, MembershipStatus.ACTIVE),
    "owner": (Role.OWNER, MembershipStatus.ACTIVE),
    "banned": (Role.MEMBER, MembershipStatus.BANNED),
}


@dataclass
class World:
    community: Community
    users: dict = field(default_factory=dict)
    memberships: dict = field(default_factory=dict)

    def user(self, role):
        return self.users[role]

    def client(self, role, *, enforce_csrf_checks=False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf_checks)
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def build_world(*, visibility=Visibility.PUBLIC, join_policy=None, archived=False, **community_fields) -> World:
    community = CommunityFactory(
        visibility=visibility,
        join_policy=join_policy or DEFAULT_POLICY[Visibility(visibility)],
        **community_fields,
    )
    if archived:
        from django.utils import timezone

        community.archived_at = timezone.now()
        community.save(update_fields=["archived_at"])
    world = World(community=community)
    world.users["anonymous"] = AnonymousUser()
    world.users["nonmember"] = UserFactory(username=f"outsider{community.pk}", verified=False)
    world.users["staff"] = UserFactory(username=f"staffer{community.pk}", is_staff=True, verified=False)
    for role, (member_role, status) in _ROLE_ROWS.items():
        user = UserFactory(username=f"{role}{community.pk}", verified=False)
        world.users[role] = user
        world.memberships[role] = MembershipFactory(user=user, community=community, role=member_role, status=status)
    community.refresh_from_db()
    return world


@pytest.fixture
def community_world(db):
    """Factory fixture: ``community_world(visibility="private", join_policy="request")``."""
    return build_world
