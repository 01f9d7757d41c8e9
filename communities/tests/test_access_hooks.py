"""Services announce access changes after commit, so open websockets re-check at once."""

import pytest

from accounts.tests.factories import UserFactory
from communities import access, services
from communities.models import Community, Membership, MembershipStatus, Role, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    calls = {"member": [], "community": []}
    monkeypatch.setattr(access.member_access, "_listeners", [lambda u, c: calls["member"].append((u, c))])
    monkeypatch.setattr(access.community_access, "_listeners", [lambda c: calls["community"].append(c)])
    return calls


@pytest.fixture
def setup(db):
    community = Community.objects.create(slug="basins", name="Basins", member_count=2)
    owner, member = UserFactory(), UserFactory()
    Membership.objects.create(user=owner, community=community, role=Role.OWNER, status=MembershipStatus.ACTIVE)
    Membership.objects.create(user=member, community=community, status=MembershipStatus.ACTIVE)
    return community, owner, member


def test_removal_and_role_change_are_announced_after_commit(setup, heard, django_capture_on_commit_callbacks):
    community, owner, member = setup
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.membership_set_role(actor=owner, community=community, user=member, role=Role.MODERATOR)
    assert heard["member"] == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert (member.pk, community.pk) in heard["member"]
    heard["member"].clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(actor=owner, community=community, user=member, ban=True)
    assert (member.pk, community.pk) in heard["member"]


def test_visibility_change_and_archive_are_announced(setup, heard, django_capture_on_commit_callbacks):
    community, owner, _member = setup
    with django_capture_on_commit_callbacks(execute=True):
        services.community_update(actor=owner, community=community, fields={"tagline": "New words"})
    assert heard["community"] == []  # no access change
    with django_capture_on_commit_callbacks(execute=True):
        services.community_update(actor=owner, community=community, fields={"visibility": Visibility.PRIVATE})
    assert heard["community"] == [community.pk]
    staff = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.community_archive(actor=staff, community=community)
    assert heard["community"] == [community.pk, community.pk]


def test_a_failing_listener_never_breaks_the_service(setup, monkeypatch, django_capture_on_commit_callbacks):
    community, owner, member = setup

    def boom(*args):
        raise ConnectionError("redis down")

    monkeypatch.setattr(access.member_access, "_listeners", [boom])
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(actor=owner, community=community, user=member)
    assert Membership.objects.get(user=member, community=community).status == MembershipStatus.LEFT


def test_realtime_registers_the_access_listeners():
    from realtime import push

    assert push.recheck_member_access in access.member_access.listeners
    assert push.recheck_community_access in access.community_access.listeners
