import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.tests.factories import UserFactory
from communities import services
from communities.models import Invitation, Membership, MembershipStatus, Role
from communities.selectors import INVITATION_SESSION_KEY
from communities.tests.conftest import build_world
from notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def _link_from_mail():
    match = re.search(r"https?://\S+/c/invitations/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


def _path(link):
    return "/" + link.split("/", 3)[3]


def test_invitation_create_emails_a_signed_link_on_commit(django_capture_on_commit_callbacks):
    world = build_world(visibility="hidden")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=world.users["moderator"],
            community=world.community,
            email="Newcomer@Example.org",
            message="Join our basin negotiators circle.",
        )
    assert invitation.email == "newcomer@example.org"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newcomer@example.org"]
    assert "Join our basin negotiators circle." in mail.outbox[0].body
    assert services.invitation_from_token(_link_from_mail().rstrip("/").rsplit("/", 1)[1]) == invitation


def test_invitation_create_validates(django_capture_on_commit_callbacks):
    world = build_world()
    mod = world.users["moderator"]
    for bad in ("", "not-an-email", "a@b\x00.org", "x" * 300 + "@example.org"):
        with pytest.raises(ValidationError):
            services.invitation_create(actor=mod, community=world.community, email=bad)
    with pytest.raises(ValidationError):  # already a member
        services.invitation_create(actor=mod, community=world.community, email=world.users["member"].email)
    with pytest.raises(PermissionDenied):  # moderators do not invite moderators
        services.invitation_create(actor=mod, community=world.community, email="x@example.org", role=Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=world.users["member"], community=world.community, email="x@example.org")
    assert not Invitation.objects.exists()


def test_invited_existing_user_is_notified_and_sees_hidden_community(client, django_capture_on_commit_callbacks):
    world = build_world(visibility="hidden")
    person = UserFactory()
    client.force_login(person)
    assert client.get(world.community.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=world.users["owner"], community=world.community, email=person.email)
    assert Notification.objects.filter(recipient=person, kind=NotificationKind.INVITATION).exists()
    # One invitation, one email: the in-app notice does not mail the same news again.
    assert [m.to for m in mail.outbox] == [[person.email]]
    response = client.get(world.community.get_absolute_url())
    assert response.status_code == 200
    assert b"Accept invitation" in response.content
    client.post(reverse("communities:join", kwargs={"slug": world.community.slug}))
    assert Membership.objects.get(user=person, community=world.community).status == MembershipStatus.ACTIVE
    assert Invitation.objects.get().accepted_by == person


def test_invitation_link_rejects_forged_expired_used(client, django_capture_on_commit_callbacks):
    world = build_world(visibility="hidden")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=world.users["owner"], community=world.community, email="a@example.org")
    path = _path(_link_from_mail())
    # Forged and truncated tokens.
    for bad in (path[:-6] + "xxxxx/", "/c/invitations/abc/", "/c/invitations/%00/"):
        response = client.get(bad)
        assert response.status_code == 404
        assert b"not valid" in response.content
    # Accepting once works (by the invited address); the second use is refused.
    first = UserFactory(email="a@example.org")
    client.force_login(first)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=first, community=world.community).status == MembershipStatus.ACTIVE
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    # Expired.
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=world.users["owner"], community=world.community, email="b@example.org")
    path = _path(_link_from_mail())
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert client.get(path).status_code == 404


def test_invitation_accept_requires_post_and_login(client, django_capture_on_commit_callbacks):
    world = build_world(visibility="hidden")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=world.users["owner"], community=world.community, email="c@example.org")
    path = _path(_link_from_mail())
    response = client.post(path)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not Membership.objects.filter(community=world.community, user__email="c@example.org").exists()


def test_invitation_for_someone_without_account_signs_up_then_lands_in_community(
    client, django_capture_on_commit_callbacks
):
    world = build_world(visibility="hidden")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=world.users["owner"], community=world.community, email="fresh@example.org", role=Role.MEMBER
        )
    path = _path(_link_from_mail())
    page = client.get(path)
    assert page.status_code == 200
    assert client.session[INVITATION_SESSION_KEY]
    signup_url = page.context["signup_url"]
    assert signup_url == f"{reverse('account_signup')}?{urlencode({'next': path})}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            signup_url,
            {
                "email": "fresh@example.org",
                "username": "freshwater",
                "password1": "a-long-river-password-42",
                "password2": "a-long-river-password-42",
                "display_name": "Fresh Water",
            },
        )
    assert response.status_code == 302
    # Mandatory email verification: confirm through the emailed link, which logs in.
    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    response = client.post(_path(confirm))
    assert response.status_code == 302
    # The person lands back on the invitation (allauth keeps ?next), and finds it on the home page too.
    assert response.url == path
    target = path
    home = client.get(reverse("home"))
    assert home.context["home_communities"]["invitations"][0]["url"] == path
    response = client.post(target)
    assert response.status_code == 302 and response.url == world.community.get_absolute_url()
    member = Membership.objects.get(user__email="fresh@example.org", community=world.community)
    assert member.status == MembershipStatus.ACTIVE
    assert EmailAddress.objects.filter(email="fresh@example.org", verified=True).exists()
    assert client.get(world.community.get_absolute_url()).status_code == 200


def test_withdrawn_invitation_link_stops_working(client, django_capture_on_commit_callbacks):
    world = build_world(visibility="hidden")
    person = UserFactory(email="guest@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=world.users["owner"], community=world.community, email=person.email
        )
    path = _path(_link_from_mail())
    mod = world.client("moderator")
    page = mod.get(reverse("communities:invite", kwargs={"slug": world.community.slug}))
    assert b"guest@example.org" in page.content
    revoke = reverse("communities:invitation-revoke", kwargs={"slug": world.community.slug, "pk": invitation.pk})
    assert mod.post(revoke).status_code == 302
    assert mod.post(revoke).status_code == 404  # already withdrawn
    client.force_login(person)
    assert client.get(path).status_code == 404
    # The pending "invited" row is closed too: the hidden community is gone for them.
    assert client.get(world.community.get_absolute_url()).status_code == 404
    other = build_world(visibility="public")
    forged = reverse("communities:invitation-revoke", kwargs={"slug": other.community.slug, "pk": invitation.pk})
    assert other.client("owner").post(forged).status_code == 404
