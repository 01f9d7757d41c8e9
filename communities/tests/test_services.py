import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import UserFactory
from communities import services
from communities.models import Community, CommunityKind, Membership, MembershipStatus, Role
from communities.tests.conftest import build_world
from communities.tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _status(user, community):
    return Membership.objects.get(user=user, community=community).status


def test_community_create_makes_first_owner_and_unique_slug(staff_user):
    owner = UserFactory()
    a = services.community_create(actor=staff_user, name="Groundwater", owner=owner, topics=["groundwater"])
    b = services.community_create(actor=staff_user, name="Groundwater")
    c = services.community_create(actor=staff_user, name="New")
    assert (a.slug, b.slug, c.slug) == ("groundwater", "groundwater-2", "new-community")
    assert Membership.objects.get(community=a).user == owner
    assert Membership.objects.get(community=b).user == staff_user
    assert a.member_count == 1
    assert list(a.topics.names()) == ["groundwater"]


def test_community_create_refuses_non_staff_and_bad_values(user, staff_user):
    with pytest.raises(PermissionDenied):
        services.community_create(actor=user, name="Floods")
    with pytest.raises(ValidationError):
        services.community_create(actor=staff_user, name="  ")
    with pytest.raises(ValidationError):
        services.community_create(actor=staff_user, name="Floods", visibility="everyone")
    with pytest.raises(ValidationError):
        services.community_create(actor=staff_user, name="x" * 500)
    assert not Community.objects.exists()


def test_member_count_follows_status_changes(staff_user):
    community = services.community_create(actor=staff_user, name="WASH", join_policy="request")
    people = UserFactory.create_batch(3)
    requests = [services.membership_request(actor=p, community=community, message="Hello") for p in people]
    community.refresh_from_db()
    assert community.member_count == 1
    services.membership_approve(actor=staff_user, community=community, memberships=[r.pk for r in requests[:2]])
    services.membership_decline(actor=staff_user, community=community, memberships=requests[2])
    community.refresh_from_db()
    assert community.member_count == 3
    services.membership_leave(actor=people[0], community=community)
    services.membership_remove(actor=staff_user, community=community, user=people[1], ban=True)
    community.refresh_from_db()
    assert community.member_count == 1
    # A declined person may ask again; a banned one may not.
    services.membership_request(actor=people[2], community=community)
    assert _status(people[2], community) == MembershipStatus.PENDING
    with pytest.raises(PermissionDenied):
        services.membership_request(actor=people[1], community=community)


def test_join_and_request_are_idempotent():
    open_c = CommunityFactory(join_policy="open")
    request_c = CommunityFactory(join_policy="request")
    person = UserFactory()
    first = services.membership_join(actor=person, community=open_c)
    again = services.membership_join(actor=person, community=open_c)
    assert first.pk == again.pk
    services.membership_request(actor=person, community=request_c, message="one")
    services.membership_request(actor=person, community=request_c, message="two")
    assert Membership.objects.filter(user=person).count() == 2
    assert Membership.objects.get(user=person, community=request_c).request_message == "one"
    open_c.refresh_from_db()
    assert open_c.member_count == 1


def test_join_refuses_request_and_invite_policies():
    person = UserFactory()
    for policy in ("request", "invite"):
        with pytest.raises(PermissionDenied):
            services.membership_join(actor=person, community=CommunityFactory(join_policy=policy))
    with pytest.raises(PermissionDenied):
        services.membership_request(actor=person, community=CommunityFactory(join_policy="open"))
    assert not Membership.objects.exists()


def test_request_message_too_long_saves_nothing():
    community = CommunityFactory(join_policy="request")
    with pytest.raises(ValidationError):
        services.membership_request(actor=UserFactory(), community=community, message="x" * 2001)
    assert not Membership.objects.exists()


def test_approve_requires_moderator_and_ignores_other_communities():
    world = build_world(visibility="private")
    other = build_world(visibility="private")
    with pytest.raises(PermissionDenied):
        services.membership_approve(
            actor=world.users["member"], community=world.community, memberships=[world.memberships["pending"].pk]
        )
    done = services.membership_approve(
        actor=world.users["moderator"],
        community=world.community,
        memberships=[other.memberships["pending"].pk, "nonsense", None, world.memberships["pending"].pk],
    )
    assert [m.pk for m in done] == [world.memberships["pending"].pk]
    assert _status(other.users["pending"], other.community) == MembershipStatus.PENDING


def test_set_role_respects_rank():
    world = build_world()
    c, u = world.community, world.users
    with pytest.raises(PermissionDenied):  # moderators do not change roles
        services.membership_set_role(actor=u["moderator"], community=c, user=u["member"], role=Role.MODERATOR)
    with pytest.raises(PermissionDenied):  # owners do not appoint owners
        services.membership_set_role(actor=u["owner"], community=c, user=u["member"], role=Role.OWNER)
    with pytest.raises(PermissionDenied):  # nobody acts on themselves
        services.membership_set_role(actor=u["owner"], community=c, user=u["owner"], role=Role.MEMBER)
    with pytest.raises(PermissionDenied):  # nobody acts on staff
        services.membership_set_role(actor=u["owner"], community=c, user=u["staff"], role=Role.MEMBER)
    with pytest.raises(ValidationError):
        services.membership_set_role(actor=u["owner"], community=c, user=u["member"], role="admiral")
    with pytest.raises(ValidationError):  # not an active member
        services.membership_set_role(actor=u["owner"], community=c, user=u["pending"], role=Role.MODERATOR)
    services.membership_set_role(actor=u["owner"], community=c, user=u["member"], role=Role.MODERATOR)
    services.membership_set_role(actor=u["owner"], community=c, user=u["moderator"], role=Role.MEMBER)
    assert Membership.objects.get(user=u["member"], community=c).role == Role.MODERATOR
    assert Membership.objects.get(user=u["moderator"], community=c).role == Role.MEMBER
    with pytest.raises(ValidationError):  # the last owner stays
        services.membership_set_role(actor=u["staff"], community=c, user=u["owner"], role=Role.MEMBER)


def test_last_owner_cannot_leave():
    world = build_world()
    with pytest.raises(ValidationError):
        services.membership_leave(actor=world.users["owner"], community=world.community)
    services.membership_set_role(
        actor=world.users["staff"], community=world.community, user=world.users["moderator"], role=Role.OWNER
    )
    services.membership_leave(actor=world.users["owner"], community=world.community)
    assert _status(world.users["owner"], world.community) == MembershipStatus.LEFT


def test_moderators_community_follows_roles(staff_user):
    room = services.community_create(
        actor=staff_user, name="Community for Moderators", kind=CommunityKind.MODERATORS, visibility="hidden"
    )
    river = services.community_create(actor=staff_user, name="River Restoration")
    lake = services.community_create(actor=staff_user, name="Lake Basins")
    person = UserFactory()
    services.membership_join(actor=person, community=river)
    assert not Membership.objects.filter(user=person, community=room).exists()
    services.membership_set_role(actor=staff_user, community=river, user=person, role=Role.MODERATOR)
    assert _status(person, room) == MembershipStatus.ACTIVE
    services.membership_add(actor=staff_user, community=lake, user=person, role=Role.MODERATOR)
    services.membership_set_role(actor=staff_user, community=river, user=person, role=Role.MEMBER)
    assert _status(person, room) == MembershipStatus.ACTIVE  # still moderates the lake community
    with pytest.raises(ValidationError):
        services.membership_leave(actor=person, community=room)
    services.membership_remove(actor=staff_user, community=lake, user=person)
    assert _status(person, room) == MembershipStatus.LEFT
    room.refresh_from_db()
    # The staff creator owns all three, so belongs to the room too (as its owner).
    assert room.member_count == 1
    # Nobody joins the moderators' room by hand.
    with pytest.raises(PermissionDenied):
        services.membership_join(actor=UserFactory(), community=room)


def test_membership_add_by_moderator_cannot_appoint_moderators():
    world = build_world()
    newcomer = UserFactory()
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=world.users["moderator"], community=world.community, user=newcomer, role=Role.MODERATOR
        )
    services.membership_add(actor=world.users["moderator"], community=world.community, user=newcomer)
    assert _status(newcomer, world.community) == MembershipStatus.ACTIVE


def test_archive_is_staff_only():
    world = build_world()
    with pytest.raises(PermissionDenied):
        services.community_archive(actor=world.users["owner"], community=world.community)
    services.community_archive(actor=world.users["staff"], community=world.community)
    assert Community.objects.get(pk=world.community.pk).is_archived
    with pytest.raises(PermissionDenied):
        services.membership_join(actor=UserFactory(), community=world.community)


def test_remove_refuses_equal_or_higher_roles():
    world = build_world()
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=world.users["moderator"], community=world.community, user=world.users["owner"])
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=world.users["member"], community=world.community, user=world.users["pending"])
    MembershipFactory(community=world.community, role=Role.MODERATOR)
    services.membership_remove(actor=world.users["owner"], community=world.community, user=world.users["moderator"])
    assert _status(world.users["moderator"], world.community) == MembershipStatus.LEFT


def test_creating_the_moderators_community_gathers_existing_teams(staff_user):
    world = build_world()
    room = services.community_create(
        actor=staff_user, name="Community for Moderators", kind=CommunityKind.MODERATORS, visibility="hidden"
    )
    members = set(Membership.objects.filter(community=room, status="active").values_list("user_id", flat=True))
    assert members == {staff_user.pk, world.users["moderator"].pk, world.users["owner"].pk}


def test_approve_and_decline_accept_a_single_row_without_community():
    world = build_world(visibility="private")
    extra = MembershipFactory(community=world.community, status=MembershipStatus.PENDING)
    done = services.membership_approve(actor=world.users["moderator"], membership=world.memberships["pending"])
    assert [m.pk for m in done] == [world.memberships["pending"].pk]
    services.membership_decline(actor=world.users["owner"], memberships=extra)
    extra.refresh_from_db()
    assert extra.status == MembershipStatus.DECLINED
    with pytest.raises(ValueError):
        services.membership_approve(actor=world.users["owner"], memberships=[extra.pk])


def test_community_set_charter_sanitises_and_checks_the_actor(staff_user):
    community = CommunityFactory()
    owner, member = UserFactory(), UserFactory()
    MembershipFactory(user=owner, community=community, role=Role.OWNER)
    MembershipFactory(user=member, community=community, role=Role.MEMBER)
    html = '<h2>Our purpose</h2><p onclick="x()">Share <strong>data</strong></p><script>alert(1)</script>\x00'
    services.community_set_charter(actor=staff_user, community=community, charter_html=html)
    saved = Community.objects.get(pk=community.pk).charter_html
    assert "<h2>Our purpose</h2>" in saved and "<strong>data</strong>" in saved
    assert "script" not in saved and "onclick" not in saved and "\x00" not in saved
    services.community_set_charter(actor=owner, community=community, charter_html="<p>Revised</p>")
    assert Community.objects.get(pk=community.pk).charter_html == "<p>Revised</p>"
    with pytest.raises(PermissionDenied):
        services.community_set_charter(actor=member, community=community, charter_html="<p>Mine now</p>")
    assert Community.objects.get(pk=community.pk).charter_html == "<p>Revised</p>"
