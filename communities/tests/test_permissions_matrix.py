"""Who may do what: every role x action x visibility, through the real views.

Outcomes: "ok" (2xx, or a redirect that is not the login page), "login" (redirect to log in),
403 (the person can already see the community's content, the action is not theirs),
404 (the community or its content is not theirs to see; identical to a missing slug),
"nocontent" (the page renders without the community's discussions).

Each tuple is (public/open, private/request, hidden/invite).
"""

import re

import pytest
from django.urls import reverse

from communities.models import MembershipStatus, Role
from communities.tests.conftest import ROLES, VISIBILITIES, build_world

L, NC = "login", "nocontent"

EXPECTED = {
    "see": {
        "anonymous": ("ok", "ok", 404),
        "nonmember": ("ok", "ok", 404),
        "pending": ("ok", "ok", 404),
        "invited": ("ok", "ok", "ok"),
        "member": ("ok", "ok", "ok"),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": ("ok", "ok", 404),
        "staff": ("ok", "ok", "ok"),
    },
    "read": {
        "anonymous": ("ok", NC, 404),
        "nonmember": ("ok", NC, 404),
        "pending": ("ok", NC, 404),
        "invited": ("ok", NC, NC),
        "member": ("ok", "ok", "ok"),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": (NC, NC, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "about": {
        "anonymous": ("ok", "ok", 404),
        "nonmember": ("ok", "ok", 404),
        "pending": ("ok", "ok", 404),
        "invited": ("ok", "ok", "ok"),
        "member": ("ok", "ok", "ok"),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": ("ok", "ok", 404),
        "staff": ("ok", "ok", "ok"),
    },
    "members": {
        "anonymous": ("ok", L, 404),
        "nonmember": ("ok", 404, 404),
        "pending": ("ok", 404, 404),
        "invited": ("ok", 404, 404),
        "member": ("ok", "ok", "ok"),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "join": {
        "anonymous": (L, L, 404),
        "nonmember": ("ok", 403, 404),
        "pending": (403, 403, 404),
        "invited": ("ok", "ok", "ok"),
        "member": ("ok", "ok", "ok"),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": (403, 403, 404),
        "staff": ("ok", 403, 403),
    },
    "request": {
        "anonymous": (L, L, 404),
        "nonmember": (403, "ok", 404),
        "pending": ("ok", "ok", 404),
        "invited": (403, 403, 403),
        "member": ("ok", "ok", "ok"),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": (403, 403, 404),
        "staff": (403, "ok", 403),
    },
    "requests": {  # the pending-requests screen
        "anonymous": (L, L, 404),
        "nonmember": (403, 404, 404),
        "pending": (403, 404, 404),
        "invited": (403, 404, 404),
        "member": (403, 403, 403),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "invite": {
        "anonymous": (L, L, 404),
        "nonmember": (403, 404, 404),
        "pending": (403, 404, 404),
        "invited": (403, 404, 404),
        "member": (403, 403, 403),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "revoke_invitation": {
        "anonymous": (L, L, 404),
        "nonmember": (403, 404, 404),
        "pending": (403, 404, 404),
        "invited": (403, 404, 404),
        "member": (403, 403, 403),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "change_roles": {
        "anonymous": (L, L, 404),
        "nonmember": (403, 404, 404),
        "pending": (403, 404, 404),
        "invited": (403, 404, 404),
        "member": (403, 403, 403),
        "moderator": (403, 403, 403),
        "owner": ("ok", "ok", "ok"),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "remove_member": {
        "anonymous": (L, L, 404),
        "nonmember": (403, 404, 404),
        "pending": (403, 404, 404),
        "invited": (403, 404, 404),
        "member": (403, 403, 403),
        "moderator": ("ok", "ok", "ok"),
        "owner": ("ok", "ok", "ok"),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "settings": {
        "anonymous": (L, L, 404),
        "nonmember": (403, 404, 404),
        "pending": (403, 404, 404),
        "invited": (403, 404, 404),
        "member": (403, 403, 403),
        "moderator": (403, 403, 403),
        "owner": ("ok", "ok", "ok"),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "invite_link": {  # an "anyone with this link" invitation: owners (and staff) only
        "anonymous": (L, L, 404),
        "nonmember": (403, 404, 404),
        "pending": (403, 404, 404),
        "invited": (403, 404, 404),
        "member": (403, 403, 403),
        "moderator": (403, 403, 403),
        "owner": ("ok", "ok", "ok"),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
    "archive": {
        "anonymous": (L, L, 404),
        "nonmember": (403, 404, 404),
        "pending": (403, 404, 404),
        "invited": (403, 404, 404),
        "member": (403, 403, 403),
        "moderator": (403, 403, 403),
        "owner": (403, 403, 403),
        "banned": (404, 404, 404),
        "staff": ("ok", "ok", "ok"),
    },
}


def _slug(world):
    return {"slug": world.community.slug}


def _invitation(world):
    from datetime import timedelta

    from django.utils import timezone

    from communities.models import Invitation

    return Invitation.objects.create(
        community=world.community,
        email="guest@example.org",
        invited_by=world.users["owner"],
        expires_at=timezone.now() + timedelta(days=3),
    )


def _approve_data(world):
    return {"decision": "approve", "ids": [world.memberships["pending"].pk]}


# action -> (method, url name, data builder, extra url kwargs builder)
ACTIONS = {
    "see": ("get", "communities:detail", None, None),
    "read": ("get", "communities:detail", None, None),
    "about": ("get", "communities:about", None, None),
    "members": ("get", "communities:members", None, None),
    "join": ("post", "communities:join", lambda w: {}, None),
    "request": ("post", "communities:request", lambda w: {"message": "I coordinate a basin monitoring project."}, None),
    "requests": ("post", "communities:requests", _approve_data, None),
    "invite": ("post", "communities:invite", lambda w: {"email": "newcolleague@example.org", "role": "member"}, None),
    "revoke_invitation": ("post", "communities:invitation-revoke", lambda w: {}, lambda w: {"pk": _invitation(w).pk}),
    "change_roles": (
        "post",
        "communities:member-role",
        lambda w: {"role": Role.MODERATOR},
        lambda w: {"user_id": w.users["member"].pk},
    ),
    "remove_member": ("post", "communities:member-remove", lambda w: {}, lambda w: {"user_id": w.users["member"].pk}),
    "settings": ("get", "communities:settings", None, None),
    "archive": ("post", "communities:archive", lambda w: {"archived": "1"}, None),
    "invite_link": ("post", "communities:invitation-link-create", lambda w: {"days": "7", "max_uses": "10"}, None),
}

CASES = [
    pytest.param(action, visibility, role, EXPECTED[action][role][i], id=f"{action}-{visibility}-{role}")
    for action in ACTIONS
    for i, visibility in enumerate(VISIBILITIES)
    for role in ROLES
]


def outcome(response, action):
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code == 302:
        return "login" if response.url.startswith(reverse("account_login")) else "ok"
    assert response.status_code == 200, response.status_code
    if action == "read" and not response.context["can_view"]:
        return "nocontent"
    return "ok"


def perform(world, action, role):
    method, url_name, data, extra = ACTIONS[action]
    kwargs = _slug(world) | (extra(world) if extra else {})
    url = reverse(url_name, kwargs=kwargs)
    client = world.client(role)
    if method == "get":
        return client.get(url)
    return client.post(url, data(world))


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "visibility", "role", "expected"), CASES)
def test_permission_matrix(action, visibility, role, expected):
    world = build_world(visibility=visibility)
    response = perform(world, action, role)
    assert outcome(response, action) == expected


def _normalised(html: bytes) -> bytes:
    """Per-request values (CSRF masks, CSP nonces) differ between any two responses."""
    html = re.sub(rb'nonce="[^"]*"', b'nonce=""', html)
    html = re.sub(rb'"X-CSRFToken": "[^"]*"', b'"X-CSRFToken": ""', html)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b'name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_permission_matrix_404_is_identical_to_a_missing_slug(client, visibility):
    """A hidden community answers outsiders exactly like a slug that does not exist."""
    world = build_world(visibility=visibility)
    client.force_login(world.users["nonmember"])
    for name in ("detail", "about", "members", "requests", "settings"):
        missing = client.get(reverse(f"communities:{name}", kwargs={"slug": "no-such-community"}))
        real = client.get(reverse(f"communities:{name}", kwargs={"slug": world.community.slug}))
        assert missing.status_code == 404
        if visibility == "hidden":
            assert real.status_code == 404
            assert [t.name for t in real.templates] == [t.name for t in missing.templates]
            assert _normalised(real.content) == _normalised(missing.content)


@pytest.mark.django_db
def test_permission_matrix_ok_actions_have_effects():
    """The "ok" cells really did something (not just a polite redirect)."""
    world = build_world(visibility="private")
    perform(world, "requests", "moderator")
    world.memberships["pending"].refresh_from_db()
    assert world.memberships["pending"].status == MembershipStatus.ACTIVE
    perform(world, "change_roles", "owner")
    world.memberships["member"].refresh_from_db()
    assert world.memberships["member"].role == Role.MODERATOR


@pytest.mark.django_db
def test_permission_matrix_archived_community_blocks_joining_and_invites():
    world = build_world(visibility="public", archived=True)
    assert perform(world, "join", "nonmember").status_code == 403
    assert perform(world, "invite", "moderator").status_code == 403
    assert perform(world, "read", "anonymous").status_code == 200
