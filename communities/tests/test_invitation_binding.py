"""Invitations bound to their address, and owners' "anyone with this link" invitations.

The acceptance matrix: (kind of invitation) x (who opens it) x (visibility) -> outcome of
GET and POST.  Outcomes: "page" (200, the invitation page), "joined" (302 to the community,
now an active member), "login" (POST redirects to log in), "wrong" (403, the page explaining
that the invitation is for another address, with a sign-out offer), "unverified" (403, asks
to confirm the address), "refused" (302 away, nothing changed), "invalid" (404, the clear
"not valid" page).
"""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities import services
from communities.models import Invitation, InvitationKind, Membership, MembershipStatus
from communities.tests.conftest import VISIBILITIES, build_world

pytestmark = pytest.mark.django_db

INVITED = "invitee@example.org"
PEOPLE = ("anonymous", "invited_verified", "invited_unverified", "other_account", "staff", "member", "banned")

EXPECTED = {
    "email": {
        "anonymous": ("page", "login"),
        "invited_verified": ("page", "joined"),
        "invited_unverified": ("unverified", "unverified"),
        "other_account": ("wrong", "wrong"),
        "staff": ("wrong", "wrong"),
        "member": ("wrong", "wrong"),
        "banned": ("wrong", "wrong"),
    },
    "link": {
        "anonymous": ("page", "login"),
        "invited_verified": ("page", "joined"),
        "invited_unverified": ("page", "joined"),
        "other_account": ("page", "joined"),
        "staff": ("page", "joined"),
        "member": ("page", "joined"),
        "banned": ("page", "refused"),
    },
}


def _person(world, who):
    if who == "anonymous":
        return None
    if who == "invited_verified":
        return UserFactory(email=INVITED)
    if who == "invited_unverified":
        return UserFactory(email=INVITED, verified=False)
    if who == "other_account":
        return UserFactory(email="someone.else@example.org")
    if who == "staff":
        return UserFactory(is_staff=True, is_superuser=True)
    if who in ("member", "banned"):
        user = world.users[who]
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user
    raise AssertionError(who)


def _make(world, kind):
    owner = world.users["owner"]
    if kind == "email":
        invitation = Invitation.objects.create(
            community=world.community, email=INVITED, invited_by=owner, expires_at=timezone.now() + timedelta(days=3)
        )
    else:
        invitation = services.invitation_link_create(actor=owner, community=world.community, days=7, max_uses=5)
    return invitation, reverse("communities:invitation", kwargs={"token": services.invitation_token(invitation)})


def _get_outcome(response):
    if response.status_code == 200:
        return "page"
    if response.status_code == 403:
        return response.context["state"] if response.context["state"] == "unverified" else "wrong"
    if response.status_code == 404:
        return "invalid"
    raise AssertionError(response.status_code)


def _post_outcome(response, world, user):
    if response.status_code in (403, 404):
        return _get_outcome(response)
    assert response.status_code == 302, response.status_code
    if response.url.startswith(reverse("account_login")):
        return "login"
    if response.url == world.community.get_absolute_url():
        membership = Membership.objects.get(user=user, community=world.community)
        assert membership.status == MembershipStatus.ACTIVE
        return "joined"
    return "refused"


CASES = [
    pytest.param(kind, who, visibility, EXPECTED[kind][who], id=f"{kind}-{who}-{visibility}")
    for kind in EXPECTED
    for who in PEOPLE
    for visibility in VISIBILITIES
]


@pytest.mark.parametrize(("kind", "who", "visibility", "expected"), CASES)
def test_invitation_acceptance_matrix(client, kind, who, visibility, expected):
    world = build_world(visibility=visibility)
    invitation, path = _make(world, kind)
    user = _person(world, who)
    if user is not None:
        client.force_login(user)
    got_get = _get_outcome(client.get(path))
    got_post = _post_outcome(client.post(path), world, user)
    assert (got_get, got_post) == expected
    invitation.refresh_from_db()
    if kind == "link":
        # A use is counted for a newcomer only (not for someone already in, nor a refusal).
        newcomer = expected[1] == "joined" and who != "member"
        assert invitation.use_count == (1 if newcomer else 0)
    else:
        assert (invitation.accepted_at is not None) == (expected[1] == "joined")


def test_wrong_account_page_offers_to_sign_out_and_come_back(client):
    world = build_world(visibility="hidden")
    _invitation, path = _make(world, "email")
    other = UserFactory(email="someone.else@example.org")
    client.force_login(other)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 403
    assert "i•••@example.org" in html and INVITED not in html
    assert reverse("account_logout") in html and f'name="next" value="{path}"' in html
    # Signing out lands back on the invitation, which then offers to sign up.
    response = client.post(reverse("account_logout"), {"next": path})
    assert response.status_code == 302 and response.url == path
    page = client.get(path)
    assert page.status_code == 200 and "i•••@example.org" in page.content.decode()
    assert not Membership.objects.filter(user=other, community=world.community).exists()


def test_email_invitation_service_refuses_another_account():
    world = build_world(visibility="hidden")
    invitation, _path = _make(world, "email")
    with pytest.raises(services.InvitationAddressError):
        services.invitation_accept(actor=UserFactory(), invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_link_invitation_stops_at_its_use_limit_and_expiry(client):
    world = build_world(visibility="hidden")
    invitation = services.invitation_link_create(
        actor=world.users["owner"], community=world.community, days=3, max_uses=2
    )
    path = reverse("communities:invitation", kwargs={"token": services.invitation_token(invitation)})
    for _ in range(2):
        client.force_login(UserFactory())
        assert client.post(path).status_code == 302
    client.force_login(UserFactory())
    full = client.get(path)
    assert full.status_code == 404 and b"not valid" in full.content
    assert client.post(path).status_code == 404
    invitation.refresh_from_db()
    assert invitation.use_count == 2
    fresh = services.invitation_link_create(actor=world.users["owner"], community=world.community, days=1, max_uses=9)
    fresh_path = reverse("communities:invitation", kwargs={"token": services.invitation_token(fresh)})
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert client.get(fresh_path).status_code == 404
    tampered = fresh_path[:-4] + "xyz/"
    assert client.get(tampered).status_code == 404


def test_link_invitation_is_listed_as_such_and_can_be_withdrawn(client):
    world = build_world(visibility="private")
    owner = world.client("owner")
    url = reverse("communities:invitation-link-create", kwargs={"slug": world.community.slug})
    assert owner.post(url, {"days": "7", "max_uses": "25"}).status_code == 302
    invitation = Invitation.objects.get(kind=InvitationKind.LINK)
    assert invitation.max_uses == 25 and invitation.email == ""
    assert invitation.invited_by == world.users["owner"]
    page = owner.get(reverse("communities:invite", kwargs={"slug": world.community.slug})).content.decode()
    assert "Anyone with the link" in page and "0 of 25 used" in page
    assert "/c/invitations/" in page
    moderator_page = world.client("moderator").get(reverse("communities:invite", kwargs={"slug": world.community.slug}))
    assert b"Create link" not in moderator_page.content
    revoke = reverse("communities:invitation-revoke", kwargs={"slug": world.community.slug, "pk": invitation.pk})
    assert owner.post(revoke).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"days": "0", "max_uses": "5"}, "days"),
        ({"days": "31", "max_uses": "5"}, "days"),
        ({"days": "abc", "max_uses": "5"}, "days"),
        ({"days": "7", "max_uses": "0"}, "max_uses"),
        ({"days": "7", "max_uses": "501"}, "max_uses"),
        ({"days": "7", "max_uses": ""}, "max_uses"),
    ],
)
def test_link_invitation_bad_input_is_a_400(data, field):
    world = build_world(visibility="public")
    response = world.client("owner").post(
        reverse("communities:invitation-link-create", kwargs={"slug": world.community.slug}), data
    )
    assert response.status_code == 400
    assert field in response.context["link_form"].errors
    assert not Invitation.objects.filter(kind=InvitationKind.LINK).exists()


def test_link_invitation_service_validates_and_checks_permission():
    from django.core.exceptions import PermissionDenied, ValidationError

    world = build_world(visibility="public")
    with pytest.raises(PermissionDenied):
        services.invitation_link_create(actor=world.users["moderator"], community=world.community, days=7, max_uses=5)
    with pytest.raises(ValidationError):
        services.invitation_link_create(actor=world.users["owner"], community=world.community, days=99, max_uses=5)


def test_invitation_to_an_unconfirmed_account_does_not_open_the_hidden_community(client):
    world = build_world(visibility="hidden")
    squatter = UserFactory(email=INVITED, verified=False)
    services.invitation_create(actor=world.users["owner"], community=world.community, email=INVITED)
    assert not Membership.objects.filter(user=squatter, community=world.community).exists()
    client.force_login(squatter)
    assert client.get(world.community.get_absolute_url()).status_code == 404
