"""Permission matrix: every moderation route x role x community visibility.

Outcomes: ok (the action happened or the page rendered), login (redirect to log in),
403 (may see the community but not do this), 404 (may not know it exists).
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Membership, MembershipStatus, Role
from discussions.models import Post, Thread
from discussions.tests.factories import PostFactory, make_thread
from moderation import services
from moderation.models import AuditEntry, FlagReason, PlatformSuspension
from moderation.tests.factories import add_member

ROLES = ["anonymous", "non_member", "member", "moderator_a", "moderator_b", "owner", "staff"]
VISIBILITIES = ["public", "private", "hidden"]


def _mod_rule(role, visibility):
    """Community moderation: moderators/owners of A and staff; 404 where existence is private."""
    if role == "anonymous":
        return "login"
    if role in ("moderator_a", "owner", "staff"):
        return "ok"
    if role == "member":
        return 403
    return 403 if visibility == "public" else 404


def _anyone_moderating(role, visibility):
    """Pages every moderator (of any community) and staff may open."""
    return {"anonymous": "login", "non_member": 403, "member": 403}.get(role, "ok")


def _bulk_rule(role, visibility):
    return 400 if role == "moderator_b" else _anyone_moderating(role, visibility)


def _staff_only(role, visibility):
    return {"anonymous": "login", "staff": "ok"}.get(role, 403)


def _flag_rule(role, visibility):
    if role == "anonymous":
        return "login"
    if role in ("member", "moderator_a", "owner"):
        return "ok"
    if role == "staff":
        return 403  # staff use the moderator tools, not flags
    return 403 if visibility == "public" else 404


def _read_rule(role, visibility):
    if visibility == "public" or role in ("member", "moderator_a", "owner", "staff"):
        return "ok"
    return 404


def _signed_in(role, visibility):
    return "login" if role == "anonymous" else "ok"


def _everyone(role, visibility):
    return "ok"


# Each case: (URL name, method, expected(role, visibility), request builder(world) -> (url, data)).
def _fresh_reply(w):
    return PostFactory(thread=w.thread, author=w.members[0])


def _pending_request(w):
    applicant = add_member(w.a, status=MembershipStatus.PENDING)
    return Membership.objects.get(user=applicant, community=w.a)


CASES = {
    "moderation:queue": ("get", _anyone_moderating, lambda w: (reverse("moderation:queue"), None)),
    "moderation:community-queue": (
        "get", _mod_rule, lambda w: (reverse("moderation:community-queue", args=[w.a.slug]), None)),
    # A moderator of another community may use the route; the items of A are refused (400, nothing done).
    "moderation:bulk": ("post", _bulk_rule, lambda w: (
        reverse("moderation:bulk"), {"action": "hide", "items": [f"post-{_fresh_reply(w).pk}"], "reason": "Spam"})),
    "moderation:request-action": ("post", _mod_rule, lambda w: (
        reverse("moderation:request-action", args=[_pending_request(w).pk, "approve"]), {})),
    "moderation:flag": ("post", _flag_rule, lambda w: (
        reverse("moderation:flag", args=["post", _fresh_reply(w).pk]), {"reason": FlagReason.SPAM})),
    "moderation:post-tools": ("get", _mod_rule, lambda w: (reverse("moderation:post-tools", args=[w.reply.pk]), None)),
    "moderation:post-action": ("post", _mod_rule, lambda w: (
        reverse("moderation:post-action", args=[_fresh_reply(w).pk, "hide"]), {"reason": "Off-topic sales pitch"})),
    "moderation:thread-tools": (
        "get", _mod_rule, lambda w: (reverse("moderation:thread-tools", args=[w.thread.pk]), None)),
    "moderation:thread-action": ("post", _mod_rule, lambda w: (
        reverse("moderation:thread-action", args=[make_thread(w.a, w.members[0]).pk, "lock"]),
        {"reason": "Answered in the webinar"})),
    "moderation:merged-permalink": ("get", _read_rule, lambda w: (
        reverse("moderation:merged-permalink", args=[w.thread.pk, 2]), None)),
    "moderation:member-tools": (
        "get", _mod_rule, lambda w: (reverse("moderation:member-tools", args=[w.a.slug, w.author.username]), None)),
    "moderation:member-action": ("post", _mod_rule, lambda w: (
        reverse("moderation:member-action", args=[w.a.slug, add_member(w.a).username, "warn"]),
        {"reason": "Please keep to the topic"})),
    "moderation:platform-suspend": ("post", _staff_only, lambda w: (
        reverse("moderation:platform-suspend", args=[UserFactory().username]), {"duration": "1d", "reason": "Spam"})),
    "moderation:platform-unsuspend": ("post", _staff_only, lambda w: (
        reverse("moderation:platform-unsuspend", args=[
            services.platform_suspend(actor=w.staff, user=UserFactory(), duration="1d", reason="Spam").pk]), {})),
    "moderation:log": ("get", _anyone_moderating, lambda w: (reverse("moderation:log"), None)),
    "moderation:log-csv": ("get", _anyone_moderating, lambda w: (reverse("moderation:log-csv"), None)),
    "moderation:guidelines": ("get", _everyone, lambda w: (reverse("moderation:guidelines"), None)),
    "moderation:standing": ("get", _signed_in, lambda w: (reverse("moderation:standing"), None)),
}  # fmt: skip


def _user(world, role):
    return {
        "anonymous": None,
        "non_member": world.outsider,
        "member": world.members[1],
        "moderator_a": world.mod_a,
        "moderator_b": world.mod_b,
        "owner": world.owner,
        "staff": world.staff,
    }[role]


def _outcome(response):
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    if response.status_code in (200, 204, 302):
        return "ok"
    return response.status_code


# Routes that do not involve one community's content are checked once (visibility is moot).
NOT_COMMUNITY = {"moderation:queue", "moderation:bulk", "moderation:platform-suspend", "moderation:platform-unsuspend",
                 "moderation:log", "moderation:log-csv", "moderation:guidelines", "moderation:standing"}  # fmt: skip
MATRIX = [(name, v) for name in sorted(CASES) for v in (["public"] if name in NOT_COMMUNITY else VISIBILITIES)]


@pytest.mark.parametrize("name,visibility", MATRIX)
def test_route_permission_matrix(world, name, visibility):
    method, rule, build = CASES[name]
    type(world.a).objects.filter(pk=world.a.pk).update(visibility=visibility)
    world.a.refresh_from_db()
    failures = []
    for role in ROLES:
        client = Client()
        user = _user(world, role)
        if user is not None:
            client.force_login(user)
        url, data = build(world)
        response = client.get(url) if method == "get" else client.post(url, data or {})
        expected, got = rule(role, visibility), _outcome(response)
        if expected != got:
            failures.append(f"{role}: expected {expected}, got {got} ({response.status_code})")
    assert not failures, f"{name} [{visibility}]\n" + "\n".join(failures)


def test_refused_actions_change_nothing(world, client):
    """A moderator of B posting to A's routes gets 403/404 and no row changes."""
    client.force_login(world.mod_b)
    reply = world.reply
    client.post(reverse("moderation:post-action", args=[reply.pk, "hide"]), {"reason": "x"})
    client.post(reverse("moderation:thread-action", args=[world.thread.pk, "pin"]))
    client.post(reverse("moderation:member-action", args=[world.a.slug, world.author.username, "suspend"]),
                {"duration": "7d", "reason": "x"})  # fmt: skip
    client.post(reverse("moderation:bulk"), {"action": "hide", "items": [f"post-{reply.pk}"], "reason": "x"})
    assert not Post.objects.get(pk=reply.pk).is_hidden
    assert not Thread.objects.get(pk=world.thread.pk).is_pinned
    assert Membership.objects.get(user=world.author, community=world.a).suspended_until is None
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "actor_role,target_role,allowed",
    [
        ("moderator", "member", True),
        ("moderator", "moderator", False),
        ("moderator", "owner", False),
        ("moderator", "staff", False),
        ("owner", "moderator", True),
        ("owner", "owner", False),
        ("owner", "staff", False),
        ("staff", "owner", True),
        ("staff", "staff", False),
    ],
)
def test_nobody_acts_above_their_role(world, client, actor_role, target_role, allowed):
    def person(role):
        if role == "staff":
            return UserFactory(is_staff=True)
        return add_member(world.a, role={"member": Role.MEMBER, "moderator": Role.MODERATOR, "owner": Role.OWNER}[role])

    actor, target = person(actor_role), person(target_role)
    client.force_login(actor)
    url = reverse("moderation:member-action", args=[world.a.slug, target.username, "suspend"])
    response = client.post(url, {"duration": "1d", "reason": "Testing the rule"})
    assert (response.status_code == 302) is allowed, response.status_code
    post = PostFactory(thread=world.thread, author=target)
    response = client.post(reverse("moderation:post-action", args=[post.pk, "hide"]), {"reason": "Testing"})
    assert Post.objects.get(pk=post.pk).is_hidden is allowed
    assert PlatformSuspension.objects.count() == 0
