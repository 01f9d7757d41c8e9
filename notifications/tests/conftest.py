import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, MembershipStatus, Role


@pytest.fixture
def make_community(db):
    counter = {"n": 0}

    def make(**kwargs):
        counter["n"] += 1
        defaults = {"slug": f"water-{counter['n']}", "name": f"Water community {counter['n']}"}
        defaults.update(kwargs)
        return Community.objects.create(**defaults)

    return make


@pytest.fixture
def join(db):
    def make(user, community, role=Role.MEMBER, **kwargs):
        return Membership.objects.create(
            user=user,
            community=community,
            role=role,
            status=MembershipStatus.ACTIVE,
            joined_at=timezone.now(),
            **kwargs,
        )

    return make


@pytest.fixture
def member_factory(db):
    return UserFactory
