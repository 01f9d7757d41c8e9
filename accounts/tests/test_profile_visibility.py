"""Profile visibility (everyone / members / my communities): the profile page, the member
directory, search and @mentions all follow the member's choice.  Matrix and leak tests."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ProfileVisibility, User
from accounts.permissions import can_view_profile, profiles_visible_to
from accounts.tests.factories import UserFactory
from communities.models import MembershipStatus
from communities.tests.factories import add_member, make_community

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "member_elsewhere", "fellow", "pending_fellow", "banned_fellow", "self", "staff"]
# Who sees a profile, for each choice.
EXPECTED = {
    ProfileVisibility.EVERYONE: set(VIEWERS),
    ProfileVisibility.MEMBERS: set(VIEWERS) - {"anonymous"},
    ProfileVisibility.COMMUNITIES: {"fellow", "self", "staff"},
}


@pytest.fixture
def world():
    home, elsewhere = make_community("public"), make_community("private")
    people = {
        "owner": UserFactory(username="hiddenhydro", display_name="Zainab Quietwater", organisation="Quiet Basin Org"),
        "member_elsewhere": UserFactory(),
        "fellow": UserFactory(),
        "pending_fellow": UserFactory(),
        "banned_fellow": UserFactory(),
        "staff": UserFactory(is_staff=True),
    }
    add_member(people["owner"], home)
    add_member(people["fellow"], home)
    add_member(people["pending_fellow"], home, status=MembershipStatus.PENDING)
    add_member(people["banned_fellow"], home, status=MembershipStatus.BANNED)
    add_member(people["member_elsewhere"], elsewhere)
    add_member(people["owner"], elsewhere, status=MembershipStatus.LEFT)
    people["home"] = home
    return people


def viewer_of(world, name):
    if name == "anonymous":
        return None
    return world["owner"] if name == "self" else world[name]


def client_for(world, name):
    client = Client()
    viewer = viewer_of(world, name)
    if viewer is not None:
        client.force_login(viewer)
    return client


def set_visibility(member, visibility):
    User.objects.filter(pk=member.pk).update(profile_visibility=visibility)
    member.refresh_from_db()


@pytest.mark.parametrize("visibility", list(ProfileVisibility))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_profile_visibility_matrix(world, visibility, viewer):
    owner = world["owner"]
    set_visibility(owner, visibility)
    allowed = viewer in EXPECTED[visibility]
    client = client_for(world, viewer)
    from django.contrib.auth.models import AnonymousUser

    # The rule itself, per object and as a queryset filter (they must agree).
    who = viewer_of(world, viewer) or AnonymousUser()
    assert can_view_profile(who, owner) is allowed
    assert profiles_visible_to(who, User.objects.filter(pk=owner.pk)).exists() is allowed
    # The profile page: 404 (not 403) so a hidden profile does not even show it exists.
    page = client.get(reverse("accounts:profile", args=[owner.username]))
    assert page.status_code == (200 if allowed else 404)
    # The member directory, its search and the site search.
    for response in (
        client.get(reverse("accounts:directory")),
        client.get(reverse("accounts:directory"), {"q": "Quietwater"}),
        client.get(reverse("search:search"), {"q": "Quietwater"}),
        client.get(reverse("search:search"), {"q": "Quietwater", "type": "members"}),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        assert ("Zainab Quietwater" in html) is allowed, response.request["PATH_INFO"]
        assert ("hiddenhydro" in html) is allowed


@pytest.mark.parametrize("visibility", list(ProfileVisibility))
@pytest.mark.parametrize("viewer", ["fellow", "staff", "self"])
def test_mention_autocomplete_follows_visibility(world, visibility, viewer):
    set_visibility(world["owner"], visibility)
    client = client_for(world, viewer)
    response = client.get(reverse("discussions:member-autocomplete", args=[world["home"].slug]), {"q": "hidden"})
    if response.status_code == 403:  # staff who may not post there get nothing at all
        assert response.json() == {"results": []}
        return
    names = [m["username"] for m in response.json()["results"]]
    assert ("hiddenhydro" in names) is (viewer in EXPECTED[visibility])


def test_mention_autocomplete_hides_community_only_profiles_from_outsiders_who_can_post(world):
    """In an open public community a newcomer can post before sharing any community with
    the member: the suggestion list must not offer a 'my communities only' profile."""
    set_visibility(world["owner"], ProfileVisibility.COMMUNITIES)
    newcomer = UserFactory()
    client = Client()
    client.force_login(newcomer)
    url = reverse("discussions:member-autocomplete", args=[world["home"].slug])
    assert client.get(url, {"q": "hidden"}).json()["results"] == [] or client.get(url).status_code == 403
    add_member(newcomer, world["home"])
    names = [m["username"] for m in client.get(url, {"q": "hidden"}).json()["results"]]
    assert names == ["hiddenhydro"]


def test_mentions_in_posts_only_link_and_notify_visible_members(world):
    from discussions.services.effects import mentioned_users

    set_visibility(world["owner"], ProfileVisibility.COMMUNITIES)
    body = "Thanks @hiddenhydro for the data"
    assert mentioned_users(body, author=world["member_elsewhere"]) == []
    assert mentioned_users(body, author=world["fellow"]) == [world["owner"]]


def test_directory_country_filter_does_not_reveal_hidden_members(world):
    owner = world["owner"]
    User.objects.filter(pk=owner.pk).update(country="IS", profile_visibility=ProfileVisibility.MEMBERS)
    anonymous = Client().get(reverse("accounts:directory")).content.decode()
    assert 'value="IS"' not in anonymous
    member = client_for(world, "member_elsewhere").get(reverse("accounts:directory")).content.decode()
    assert 'value="IS"' in member


def test_profile_edit_offers_and_saves_the_choice(world):
    owner = world["owner"]
    client = client_for(world, "self")
    page = client.get(reverse("accounts:profile-edit")).content.decode()
    assert 'name="profile_visibility"' in page and "Only members of my communities" in page
    response = client.post(
        reverse("accounts:profile-edit"),
        {"display_name": owner.display_name, "timezone": "UTC", "profile_visibility": "communities"},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.profile_visibility == ProfileVisibility.COMMUNITIES
    bad = client.post(
        reverse("accounts:profile-edit"),
        {"display_name": owner.display_name, "timezone": "UTC", "profile_visibility": "the-whole-world"},
    )
    assert bad.status_code == 400
    owner.refresh_from_db()
    assert owner.profile_visibility == ProfileVisibility.COMMUNITIES


def test_anonymous_profile_page_cache_does_not_outlive_a_change_of_mind(world):
    owner = world["owner"]
    url = reverse("accounts:profile", args=[owner.username])
    assert Client().get(url).status_code == 200
    client = client_for(world, "self")
    client.post(
        reverse("accounts:profile-edit"),
        {"display_name": owner.display_name, "timezone": "UTC", "profile_visibility": "members"},
    )
    assert Client().get(url).status_code == 404
