import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, MembershipStatus, Role
from communities.tests.conftest import ROLES, VISIBILITIES, build_world
from communities.tests.factories import CommunityFactory, MembershipFactory, PartnerFactory
from notifications.models import Notification, NotificationKind
from notifications.tests.helpers import requests_commit  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _names(response):
    return [c.name for c in response.context["page"].object_list]


def test_directory_lists_hidden_only_for_insiders(client):
    public = CommunityFactory(name="Groundwater Governance", visibility="public")
    private = CommunityFactory(name="Drought Early Warning", visibility="private")
    hidden = CommunityFactory(name="Basin Negotiators Circle", visibility="hidden")
    insider = MembershipFactory(community=hidden).user
    invited = MembershipFactory(community=hidden, status=MembershipStatus.INVITED).user
    outsider = UserFactory()
    staff = UserFactory(is_staff=True)
    url = reverse("communities:directory")

    assert set(_names(client.get(url))) == {public.name, private.name}
    client.force_login(outsider)
    response = client.get(url)
    assert set(_names(response)) == {public.name, private.name}
    assert hidden.name.encode() not in response.content
    for person in (insider, invited, staff):
        client.force_login(person)
        assert set(_names(client.get(url))) == {public.name, private.name, hidden.name}


def test_directory_search_filter_sort_and_paginate(client):
    a = CommunityFactory(name="Wetlands Restoration", description="peatland and marsh work", topics=["wetlands"])
    b = CommunityFactory(name="Urban Flood Resilience", topics=["floods", "urban water"])
    b.member_count = 50
    b.save()
    url = reverse("communities:directory")
    assert _names(client.get(url, {"q": "marsh"})) == [a.name]
    assert _names(client.get(url, {"topic": "floods"})) == [b.name]
    assert _names(client.get(url, {"sort": "largest"}))[0] == b.name
    # Malformed parameters fall back to defaults instead of failing.
    assert client.get(url, {"sort": "drop table", "topic": "bad topic!", "page": "x"}).status_code == 200
    for i in range(14):
        CommunityFactory(name=f"Source to Sea Dialogue {i:02d}")
    page2 = client.get(url, {"sort": "name", "page": 2})
    assert page2.status_code == 200
    assert len(page2.context["page"].object_list) == 4
    htmx = client.get(url, {"q": "Source", "sort": "name"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in htmx.content
    assert b"Source to Sea Dialogue 00" in htmx.content
    restore = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert b"<html" in restore.content


def test_directory_cards_show_counts_topics_and_my_membership(client):
    community = CommunityFactory(name="Water Finance Lab", topics=["water finance"])
    membership = MembershipFactory(community=community)
    client.force_login(membership.user)
    response = client.get(reverse("communities:directory"))
    html = response.content.decode()
    assert "Water Finance Lab" in html
    assert "#water finance" in html
    assert "1 member" in html
    assert ">Member<" in html


def test_create_page_is_staff_only(client):
    url = reverse("communities:create")
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X", "visibility": "public", "join_policy": "open"}).status_code == 403
    assert not Community.objects.exists()
    staff = UserFactory(is_staff=True)
    owner = UserFactory(username="riverlead")
    client.force_login(staff)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Nature-based Solutions Practitioners",
            "tagline": "Working with nature",
            "description": "Green infrastructure for water security.",
            "topics": "nature-based solutions, wetlands",
            "visibility": "public",
            "join_policy": "open",
            "owner": "@riverlead",
        },
    )
    community = Community.objects.get()
    assert response.status_code == 302
    assert response.url == community.get_absolute_url()
    assert community.slug == "nature-based-solutions-practitioners"
    assert community.created_by == staff
    assert sorted(t.name for t in community.topics.all()) == ["nature-based solutions", "wetlands"]
    assert Membership.objects.get(community=community).user == owner
    assert community.member_count == 1


def test_create_page_rejects_bad_input_and_saves_nothing(client):
    client.force_login(UserFactory(is_staff=True))
    url = reverse("communities:create")
    base = {"name": "Drought Management", "visibility": "public", "join_policy": "open"}
    for bad in (
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 100_000},
        {"name": "Drought\x00Management"},
        {"tagline": "t" * 201},
        {"description": "d" * 20_001},
        {"visibility": "secret"},
        {"slug": "new"},
        {"slug": "not a slug"},
        {"owner": "nobody@example.org"},
        {"topics": "x" * 60},
    ):
        response = client.post(url, base | bad)
        assert response.status_code == 400, bad
        assert b"invalid-feedback" in response.content or b"alert-danger" in response.content
    assert not Community.objects.exists()


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_leave_matrix(client, visibility, role):
    world = build_world(visibility=visibility)
    url = reverse("communities:leave", kwargs={"slug": world.community.slug})
    response = world.client(role).post(url)
    hidden_outsider = visibility == "hidden" and role in ("anonymous", "nonmember", "pending", "banned")
    if hidden_outsider:
        assert response.status_code == 404
    elif role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 302
    left = Membership.objects.filter(community=world.community, status=MembershipStatus.LEFT)
    if role in ("member", "moderator"):
        assert left.get().user == world.users[role]
    else:
        # The only owner cannot leave; others were not members.
        assert not left.exists()


def test_members_tab_filters_searches_and_paginates(client):
    community = CommunityFactory()
    MembershipFactory(community=community, role=Role.OWNER, user=UserFactory(display_name="Ana Silva"))
    MembershipFactory(community=community, role=Role.MODERATOR, user=UserFactory(display_name="Kofi Mensah"))
    for i in range(35):
        MembershipFactory(community=community, user=UserFactory(display_name=f"Member {i:02d}", organisation="Delta"))
    MembershipFactory(community=community, status=MembershipStatus.PENDING, user=UserFactory(display_name="Waiting"))
    url = reverse("communities:members", kwargs={"slug": community.slug})
    response = client.get(url)
    names = [m.user.name for m in response.context["page"].object_list]
    assert names[:2] == ["Ana Silva", "Kofi Mensah"]
    assert "Waiting" not in response.content.decode()
    assert response.context["page"].paginator.count == 37
    assert [m.user.name for m in client.get(url, {"role": "moderator"}).context["page"].object_list] == ["Kofi Mensah"]
    assert client.get(url, {"q": "Member 1"}).context["page"].paginator.count == 10
    assert client.get(url, {"role": "emperor", "q": "x" * 500}).status_code == 200


def test_members_tab_offers_actions_only_on_lower_roles(client):
    world = build_world(visibility="public")
    url = reverse("communities:members", kwargs={"slug": world.community.slug})
    response = world.client("moderator").get(url)
    rows = {m.user.username: m.can_act for m in response.context["page"].object_list}
    assert rows[world.users["member"].username] is True
    assert rows[world.users["owner"].username] is False
    assert rows[world.users["moderator"].username] is False
    response = world.client("owner").get(url)
    rows = {m.user.username: m.can_act for m in response.context["page"].object_list}
    assert rows[world.users["moderator"].username] is True
    assert b"Change role" in response.content


def test_about_tab_lists_partners_team_policy_and_charter(client):
    community = CommunityFactory(visibility="private", join_policy="request", charter_html="<p>We meet monthly.</p>")
    PartnerFactory(community=community, name="Global Water Partnership", role="co-convenor")
    PartnerFactory(community=community, name="River Basin Institute", role="host")
    MembershipFactory(community=community, role=Role.OWNER, user=UserFactory(display_name="Ana Silva"))
    response = client.get(reverse("communities:about", kwargs={"slug": community.slug}))
    html = response.content.decode()
    for text in ("Global Water Partnership", "River Basin Institute", "Ana Silva", "We meet monthly.", "By request"):
        assert text in html


def test_private_community_shows_outsiders_a_request_button_but_no_content(client):
    community = CommunityFactory(visibility="private", join_policy="request")
    client.force_login(UserFactory())
    response = client.get(community.get_absolute_url())
    assert response.status_code == 200
    assert b"This community is private" in response.content
    assert reverse("communities:request", kwargs={"slug": community.slug}).encode() in response.content
    assert b"No discussions yet" not in response.content


def test_request_to_join_notifies_moderators_and_approval_notifies_member(client, django_capture_on_commit_callbacks):
    world = build_world(visibility="private")
    applicant = UserFactory(display_name="Priya Sharma")
    client.force_login(applicant)
    url = reverse("communities:request", kwargs={"slug": world.community.slug})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": "I run a drought observatory."})
        client.post(url, {"message": "Double submit"})
    membership = Membership.objects.get(user=applicant, community=world.community)
    assert membership.status == MembershipStatus.PENDING
    assert membership.request_message == "I run a drought observatory."
    notified = set(Notification.objects.filter(kind=NotificationKind.JOIN_REQUEST).values_list("recipient", flat=True))
    assert notified == {world.users["moderator"].pk, world.users["owner"].pk}

    mod = world.client("moderator")
    page = mod.get(reverse("communities:requests", kwargs={"slug": world.community.slug}))
    assert b"I run a drought observatory." in page.content
    with django_capture_on_commit_callbacks(execute=True):
        mod.post(page.request["PATH_INFO"], {"row": f"approve:{membership.pk}"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert Notification.objects.filter(recipient=applicant, kind=NotificationKind.REQUEST_APPROVED).exists()
    assert client.get(world.community.get_absolute_url()).context["can_view"]


@pytest.mark.usefixtures("requests_commit")
def test_bulk_decline_ignores_forged_ids(client):
    world = build_world(visibility="private")
    other = build_world(visibility="private")
    extra = MembershipFactory(community=world.community, status=MembershipStatus.PENDING)
    url = reverse("communities:requests", kwargs={"slug": world.community.slug})
    mod = world.client("moderator")
    forged = other.memberships["pending"].pk
    response = mod.post(url, {"decision": "decline", "ids": [forged]})
    assert response.status_code == 400
    assert b"already handled or does not exist" in response.content
    for bad in ({"decision": "approve"}, {"decision": "approve", "ids": ["abc"]}, {"decision": "nuke", "ids": [1]}):
        assert mod.post(url, bad).status_code == 400
    response = mod.post(url, {"decision": "decline", "ids": [extra.pk, world.memberships["pending"].pk]})
    assert response.status_code == 302
    assert Membership.objects.filter(community=world.community, status=MembershipStatus.DECLINED).count() == 2
    other.memberships["pending"].refresh_from_db()
    assert other.memberships["pending"].status == MembershipStatus.PENDING
    assert Notification.objects.filter(kind=NotificationKind.REQUEST_DECLINED).count() == 2


def test_join_twice_creates_one_membership(client):
    community = CommunityFactory(visibility="public", join_policy="open")
    user = UserFactory()
    client.force_login(user)
    url = reverse("communities:join", kwargs={"slug": community.slug})
    client.post(url)
    client.post(url)
    assert Membership.objects.filter(user=user, community=community).count() == 1
    community.refresh_from_db()
    assert community.member_count == 1
    assert client.get(url).status_code == 405


@pytest.mark.usefixtures("requests_commit")
def test_role_change_and_removal_through_the_members_tab(client):
    world = build_world(visibility="public")
    slug = world.community.slug
    member = world.users["member"]
    owner = world.client("owner")
    owner.post(reverse("communities:member-role", kwargs={"slug": slug, "user_id": member.pk}), {"role": "moderator"})
    assert Membership.objects.get(user=member, community=world.community).role == Role.MODERATOR
    assert Notification.objects.filter(recipient=member, kind=NotificationKind.ROLE_CHANGED).exists()
    # Owners may not appoint owners; bad role values are refused without a change.
    owner.post(reverse("communities:member-role", kwargs={"slug": slug, "user_id": member.pk}), {"role": "owner"})
    owner.post(reverse("communities:member-role", kwargs={"slug": slug, "user_id": member.pk}), {"role": "king"})
    assert Membership.objects.get(user=member, community=world.community).role == Role.MODERATOR
    # A moderator cannot act on an equal.
    mod = world.client("moderator")
    response = mod.post(reverse("communities:member-remove", kwargs={"slug": slug, "user_id": member.pk}))
    assert response.status_code == 403
    # Forged user id: not in this community.
    stranger = UserFactory()
    response = owner.post(reverse("communities:member-role", kwargs={"slug": slug, "user_id": stranger.pk}))
    assert response.status_code == 404
    owner.post(reverse("communities:member-remove", kwargs={"slug": slug, "user_id": member.pk}), {"ban": "1"})
    assert Membership.objects.get(user=member, community=world.community).status == MembershipStatus.BANNED


def test_settings_page_saves_fields_topics_and_partners(client):
    world = build_world(visibility="public")
    url = reverse("communities:settings", kwargs={"slug": world.community.slug})
    owner = world.client("owner")
    assert owner.get(url).status_code == 200
    data = {
        "name": "Transboundary Waters",
        "tagline": "Cooperation across borders",
        "description": "Shared basins, *shared* data.",
        "topics": "transboundary water, cooperation",
        "visibility": "private",
        "join_policy": "request",
        "premoderate_first_posts": "2",
        "slow_mode_seconds": "30",
        "flags_to_hide": "3",
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "20",
        "partners-0-name": "International Water Law Network",
        "partners-0-url": "waterlaw.example.org",
        "partners-0-role": "co-convenor",
        "partners-0-position": "1",
    }
    response = owner.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    c = Community.objects.get(pk=world.community.pk)
    assert (c.name, c.visibility, c.join_policy, c.premoderate_first_posts, c.slow_mode_seconds) == (
        "Transboundary Waters",
        "private",
        "request",
        2,
        30,
    )
    assert "<em>shared</em>" in c.description_html
    assert c.partners.get().url == "https://waterlaw.example.org"
    assert sorted(t.name for t in c.topics.all()) == ["cooperation", "transboundary water"]
    # Bad values: nothing saved, the form explains.
    for bad in (
        {"name": ""},
        {"slow_mode_seconds": "-1"},
        {"flags_to_hide": "0"},
        {"visibility": "open-to-all"},
        {"tagline": "\x00"},
        {"description": "x" * 100_000},
        {"partners-0-url": "javascript:alert(1)"},
    ):
        response = owner.post(url, data | bad)
        assert response.status_code == 400, bad
    assert Community.objects.get(pk=c.pk).name == "Transboundary Waters"
    assert Community.objects.get(pk=c.pk).partners.count() == 1


def test_archive_makes_community_read_only_and_unarchive_reopens(client):
    world = build_world(visibility="public")
    url = reverse("communities:archive", kwargs={"slug": world.community.slug})
    world.client("staff").post(url, {"archived": "1"})
    world.community.refresh_from_db()
    assert world.community.is_archived
    response = world.client("member").get(world.community.get_absolute_url())
    assert response.status_code == 200 and not response.context["can_post"]
    assert b"Archived" in response.content
    world.client("staff").post(url, {"archived": "0"})
    world.community.refresh_from_db()
    assert not world.community.is_archived


def test_home_lists_my_communities_and_active_ones(client):
    mine = CommunityFactory(name="Youth and Water")
    other = CommunityFactory(name="Gender and Water")
    hidden = CommunityFactory(name="Secret Negotiators", visibility="hidden")
    user = UserFactory()
    MembershipFactory(user=user, community=mine)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert [c.name for c in response.context["home_communities"]["mine"]] == ["Youth and Water"]
    assert other in response.context["home_communities"]["active"]
    assert hidden.name.encode() not in response.content


def test_home_lists_standing_invitations(client):
    hidden = CommunityFactory(name="Basin Commission Secretariats", visibility="hidden", join_policy="invite")
    user = UserFactory()
    MembershipFactory(user=user, community=hidden, status=MembershipStatus.INVITED)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert [i["community"] for i in response.context["home_communities"]["invitations"]] == [hidden]
    assert b"Accept your invitation to Basin Commission Secretariats" in response.content
