"""Fixtures of the discussions tests: a public community, its members and a thread."""

import pytest

from accounts.tests.factories import UserFactory
from communities.models import MembershipStatus, Role
from communities.tests.factories import CommunityFactory, MembershipFactory


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def make_member(db):
    def make(community, *, role=Role.MEMBER, status=MembershipStatus.ACTIVE, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, community=community, role=role, status=status)
        return user

    return make


@pytest.fixture
def member(community, make_member):
    return make_member(community)


@pytest.fixture
def moderator(community, make_member):
    return make_member(community, role=Role.MODERATOR)


@pytest.fixture
def thread(community, member):
    from discussions import services

    return services.thread_create(
        author=member, community=community, title="Groundwater monitoring in the dry season",
        body="How often do you read your piezometers when the wells run low?",
    )  # fmt: skip


@pytest.fixture
def question(community, member):
    """A question thread with tags (accepted answers, tag filters)."""
    from discussions import services

    return services.thread_create(
        author=member, community=community, title="Low-cost piezometers for community monitoring",
        body="Has anyone compared **vented** and non-vented loggers in shallow aquifers?", kind="question",
        tags=["groundwater", "monitoring"],
    )  # fmt: skip


@pytest.fixture
def world(db):
    """The communities engineer's role world builder: world(visibility="private")."""
    from communities.tests.conftest import build_world

    return build_world


def old_account(user):
    """Accounts past their first day (new-member limits also wait for a few accepted posts)."""
    from datetime import timedelta

    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=30))
    user.refresh_from_db()
    return user
