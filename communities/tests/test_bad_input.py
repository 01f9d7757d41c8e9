"""Hostile and broken input: clear errors, no 500, nothing half-saved; CSRF everywhere."""

import pytest
from django.urls import reverse

from communities import services
from communities.models import Community, Invitation, Membership, MembershipStatus
from communities.tests.conftest import build_world

pytestmark = pytest.mark.django_db


def _post_routes(world):
    slug = world.community.slug
    invitation = Invitation.objects.create(
        community=world.community,
        email="someone@example.org",
        invited_by=world.users["owner"],
        expires_at=world.community.created_at.replace(year=2100),
    )
    token = services.invitation_token(invitation)
    member_id = world.users["member"].pk
    return {
        reverse("communities:create"): "staff",
        reverse("communities:join", kwargs={"slug": slug}): "nonmember",
        reverse("communities:request", kwargs={"slug": slug}): "nonmember",
        reverse("communities:leave", kwargs={"slug": slug}): "member",
        reverse("communities:requests", kwargs={"slug": slug}): "moderator",
        reverse("communities:invite", kwargs={"slug": slug}): "moderator",
        reverse("communities:member-role", kwargs={"slug": slug, "user_id": member_id}): "owner",
        reverse("communities:member-remove", kwargs={"slug": slug, "user_id": member_id}): "owner",
        reverse("communities:settings", kwargs={"slug": slug}): "owner",
        reverse("communities:archive", kwargs={"slug": slug}): "staff",
        reverse("communities:invitation", kwargs={"token": token}): "nonmember",
        reverse("communities:invitation-revoke", kwargs={"slug": slug, "pk": invitation.pk}): "moderator",
        reverse("communities:invitation-link-create", kwargs={"slug": slug}): "owner",
    }


def test_every_post_form_refuses_a_missing_csrf_token():
    """Each route is posted by someone allowed to use it, with a client that enforces CSRF
    (the ``csrf_client`` fixture's configuration, logged in per role)."""
    world = build_world(visibility="public", join_policy="open")
    before = list(Membership.objects.order_by("pk").values_list("pk", "status", "role"))
    for url, role in _post_routes(world).items():
        client = world.client(role, enforce_csrf_checks=True)
        response = client.post(url, {"message": "hello", "role": "moderator", "archived": "1", "name": "X"})
        assert response.status_code == 403, url
    assert list(Membership.objects.order_by("pk").values_list("pk", "status", "role")) == before
    assert not Community.objects.get(pk=world.community.pk).is_archived
    assert not Invitation.objects.filter(revoked_at__isnull=False).exists()
    assert not Invitation.objects.filter(kind="link").exists()
    # Every POST route of the app is in the list above.
    from django.urls import get_resolver

    from communities import urls

    names = {p.name for p in urls.urlpatterns}
    posted = {get_resolver().resolve(url).url_name for url in _post_routes(world)}
    get_only = {"directory", "detail", "members", "about"}
    assert names - get_only == posted


def test_every_post_form_works_with_a_token(csrf_client):
    """The refusal above is the CSRF check, not the permission: with a token the forms answer."""
    world = build_world(visibility="public", join_policy="open")
    url = reverse("communities:join", kwargs={"slug": world.community.slug})
    csrf_client.force_login(world.users["nonmember"])
    page = csrf_client.get(world.community.get_absolute_url())
    token = page.cookies["csrftoken"].value
    response = csrf_client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Membership.objects.get(user=world.users["nonmember"], community=world.community).is_active


@pytest.mark.parametrize(
    "message",
    ["x" * 2001, "x" * 100_000, "I work on \x00 floods"],
)
def test_request_message_bad_values_save_nothing(message):
    world = build_world(visibility="private")
    client = world.client("nonmember")
    response = client.post(reverse("communities:request", kwargs={"slug": world.community.slug}), {"message": message})
    assert response.status_code == 400
    assert b"invalid-feedback" in response.content
    assert not Membership.objects.filter(user=world.users["nonmember"]).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"email": ""},
        {"email": "not an email"},
        {"email": "x" * 100_000 + "@example.org"},
        {"email": "a\x00@example.org"},
        {"email": "ok@example.org", "role": "owner"},
        {"email": "ok@example.org", "message": "m" * 2001},
    ],
)
def test_invite_bad_values_save_nothing(data):
    world = build_world(visibility="hidden")
    response = world.client("moderator").post(
        reverse("communities:invite", kwargs={"slug": world.community.slug}), data
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_get_parameters_with_nul_bytes_and_huge_values_do_not_fail(client):
    world = build_world(visibility="public")
    for url in (
        reverse("communities:directory"),
        reverse("communities:members", kwargs={"slug": world.community.slug}),
    ):
        for params in ({"q": "a\x00b"}, {"q": "x" * 20_000}, {"topic": "\x00"}, {"role": "\x00"}, {"page": "\x00"}):
            assert client.get(url, params).status_code == 200, (url, params)


def test_forged_ids_and_slugs_give_404_without_oracle(client):
    world = build_world(visibility="hidden")
    owner = world.client("owner")
    for url in (
        reverse("communities:member-role", kwargs={"slug": world.community.slug, "user_id": 999_999}),
        reverse("communities:member-remove", kwargs={"slug": world.community.slug, "user_id": 999_999}),
        reverse("communities:join", kwargs={"slug": "does-not-exist"}),
    ):
        assert owner.post(url, {"role": "member"}).status_code == 404


def test_double_approve_is_harmless():
    world = build_world(visibility="private")
    mod = world.client("moderator")
    url = reverse("communities:requests", kwargs={"slug": world.community.slug})
    pk = world.memberships["pending"].pk
    assert mod.post(url, {"decision": "approve", "ids": [pk]}).status_code == 302
    # The second submit of the same form: the request is no longer pending.
    assert mod.post(url, {"decision": "approve", "ids": [pk]}).status_code == 400
    assert Membership.objects.get(pk=pk).status == MembershipStatus.ACTIVE
    world.community.refresh_from_db()
    assert world.community.member_count == Membership.objects.filter(community=world.community, status="active").count()


def test_join_requests_and_invitations_are_rate_limited(settings):
    from communities.views import manage, membership

    world = build_world(visibility="private")
    client = world.client("nonmember")
    url = reverse("communities:request", kwargs={"slug": world.community.slug})
    for _ in range(20):
        client.post(url, {"message": "x" * 2001})  # invalid attempts count too
    response = client.post(url, {"message": "Please let me in"})
    assert response.status_code == 429
    assert not Membership.objects.filter(user=world.users["nonmember"]).exists()
    assert membership.REQUEST_RATE == "20/h"
    mod = world.client("moderator")
    invite = reverse("communities:invite", kwargs={"slug": world.community.slug})
    for i in range(60):
        mod.post(invite, {"email": f"person{i}@example.org", "role": "member"})
    assert mod.post(invite, {"email": "one-more@example.org", "role": "member"}).status_code == 429
    assert Invitation.objects.count() == 60
    assert manage.INVITE_RATE == "60/h"
