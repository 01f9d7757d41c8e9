"""Moderation input: CSRF on every POST, bad values, and rate limits (flags, allauth per IP)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Membership, MembershipStatus
from discussions import permissions as dp
from discussions.models import Post
from discussions.tests.factories import PostFactory
from moderation import services
from moderation.models import AuditAction, AuditEntry, Flag, FlagReason
from moderation.tests.factories import add_member

# --- CSRF and bad input ---------------------------------------------------------------------------


def _post_routes(world):
    pending = Membership.objects.get(user=add_member(world.a, status=MembershipStatus.PENDING), community=world.a)
    suspension = services.platform_suspend(actor=world.staff, user=UserFactory(), duration="1d", reason="Spam")
    return [
        reverse("moderation:bulk"),
        reverse("moderation:request-action", args=[pending.pk, "approve"]),
        reverse("moderation:flag", args=["post", world.reply.pk]),
        reverse("moderation:post-action", args=[world.reply.pk, "hide"]),
        reverse("moderation:thread-action", args=[world.thread.pk, "pin"]),
        reverse("moderation:member-action", args=[world.a.slug, world.author.username, "warn"]),
        reverse("moderation:platform-suspend", args=[world.author.username]),
        reverse("moderation:platform-unsuspend", args=[suspension.pk]),
    ]


def test_every_post_is_refused_without_csrf(world, csrf_client):
    for user in (world.staff, world.members[1]):
        csrf_client.force_login(user)
        for url in _post_routes(world):
            response = csrf_client.post(url, {"reason": "spam", "action": "dismiss", "duration": "1d"})
            assert response.status_code == 403, url
    assert not Flag.objects.exists()
    # Only the suspensions the helper set up (to have something to lift) are logged.
    assert not AuditEntry.objects.exclude(action=AuditAction.PLATFORM_SUSPEND).exists()


@pytest.mark.parametrize(
    "reason,message",
    [
        ("", "required"),
        ("   ", "reason"),
        ("bad\x00byte", "not allowed"),
        ("x" * 100_000, "at most 300"),
    ],
)
def test_bad_reason_gives_clear_errors_and_changes_nothing(world, client, reason, message):
    client.force_login(world.mod_a)
    response = client.post(reverse("moderation:post-action", args=[world.reply.pk, "hide"]), {"reason": reason})
    assert response.status_code == 400
    assert message in response.content.decode().lower() or "reason" in response.content.decode().lower()
    assert not Post.objects.get(pk=world.reply.pk).is_hidden
    response = client.post(
        reverse("moderation:member-action", args=[world.a.slug, world.author.username, "suspend"]),
        {"duration": "forever-and-ever", "reason": reason},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_bad_input_never_500s(world, client):
    client.force_login(world.mod_a)
    bad = "\x00" + "y" * 100_000
    urls_and_data = [
        (reverse("moderation:thread-action", args=[world.thread.pk, "rename"]), {"title": bad}),
        (reverse("moderation:thread-action", args=[world.thread.pk, "merge"]), {"target": bad}),
        (reverse("moderation:thread-action", args=[world.thread.pk, "move"]), {"community": bad}),
        (reverse("moderation:bulk"), {"action": "hide", "items": [bad], "reason": bad}),
        (reverse("moderation:bulk"), {"action": "explode", "items": ["post-1"]}),
        (reverse("moderation:flag", args=["post", world.reply.pk]), {"reason": bad, "note": bad}),
    ]
    for url, data in urls_and_data:
        response = client.post(url, data)
        assert response.status_code in (302, 400, 403), (url, response.status_code)
    long = bad[:9000]  # addresses stay under the hub's limit here (past it: the 414 page)
    for query in ({"since": long}, {"q": long}, {"action": long}, {"community": long}, {"page": long}):
        assert client.get(reverse("moderation:log"), query).status_code in (200, 400)
    assert client.get(reverse("moderation:queue"), {"tab": long, "page": long}).status_code == 200
    assert client.get(reverse("moderation:post-action", args=[world.reply.pk, "hide"])).status_code == 405
    assert client.post(reverse("moderation:post-action", args=[world.reply.pk, "explode"])).status_code == 404
    assert not AuditEntry.objects.exists()


def test_merge_form_explains_a_wrong_target(world, client):
    client.force_login(world.mod_a)
    url = reverse("moderation:thread-action", args=[world.thread.pk, "merge"])
    response = client.post(url, {"target": "not a link"})
    assert response.status_code == 400 and "thread link" in response.content.decode()
    response = client.post(url, {"target": str(world.thread.pk)})
    assert response.status_code == 400 and "different thread" in response.content.decode()


# --- Flags through the views --------------------------------------------------------------------


def test_flag_page_and_auto_hide_through_the_view(world):
    world.a.flags_to_hide = 2
    world.a.save()
    for reporter in world.members[1:3]:
        client = Client()
        client.force_login(reporter)
        page = client.get(reverse("moderation:flag", args=["post", world.reply.pk]))
        assert page.status_code == 200 and "Off-topic" in page.content.decode()
        response = client.post(
            reverse("moderation:flag", args=["post", world.reply.pk]), {"reason": FlagReason.ABUSIVE}
        )
        assert response.status_code == 302
    assert Post.objects.get(pk=world.reply.pk).is_hidden
    # Readers no longer see it; the author and moderators do.
    reply = Post.objects.get(pk=world.reply.pk)
    assert not dp.can_view_post(world.members[2], reply)
    assert dp.can_view_post(reply.author, reply)
    assert dp.can_view_post(world.mod_a, reply)


def test_flag_twice_is_a_clear_error(world, client):
    client.force_login(world.members[1])
    url = reverse("moderation:flag", args=["post", world.reply.pk])
    client.post(url, {"reason": FlagReason.SPAM})
    response = client.post(url, {"reason": FlagReason.SPAM})
    assert response.status_code == 400 and "already flagged" in response.content.decode()
    response = client.post(url, {"reason": FlagReason.OTHER}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and response.json()["ok"] is False


def test_flag_rate_limit_with_a_fake_clock(world, settings):
    settings.MODERATION_FLAG_RATE = "3/h"
    client = Client()
    client.force_login(world.members[1])
    posts = [PostFactory(thread=world.thread, author=world.members[0]) for _ in range(5)]
    with time_machine.travel(timezone.now().replace(minute=1), tick=False) as clock:
        for post in posts[:3]:
            assert (
                client.post(reverse("moderation:flag", args=["post", post.pk]), {"reason": "spam"}).status_code == 302
            )
        response = client.post(reverse("moderation:flag", args=["post", posts[3].pk]), {"reason": "spam"})
        assert response.status_code == 429
        assert "flagged a lot" in response.content.decode()
        assert response["Retry-After"]
        response = client.post(
            reverse("moderation:flag", args=["post", posts[3].pk]), {"reason": "spam"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 429
        api = client.post(
            reverse("moderation:flag", args=["post", posts[3].pk]), {"reason": "spam"}, HTTP_ACCEPT="application/json"
        )
        assert api.status_code == 429 and "flagged a lot" in api.json()["error"]
        clock.shift(timedelta(hours=1))
        assert (
            client.post(reverse("moderation:flag", args=["post", posts[3].pk]), {"reason": "spam"}).status_code == 302
        )
    assert Flag.objects.filter(reporter=world.members[1]).count() == 4


# --- allauth per-IP limits (login, sign-up, password reset) ---------------------------------------


def _attempts_until_429(post, limit):
    for attempt in range(1, limit + 5):
        if post().status_code == 429:
            return attempt
    return None


def test_allauth_rate_limits_apply_per_ip(db, settings):
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        client = Client(REMOTE_ADDR="203.0.113.7")
        login = lambda: client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "wrong"})  # noqa: E731
        assert _attempts_until_429(login, 40) is not None
        assert "Too many attempts" in login().content.decode()  # the hub's clear page, not a bare error
        client = Client(REMOTE_ADDR="203.0.113.8")
        n = [0]

        def signup():
            n[0] += 1
            return client.post(reverse("account_signup"), {"email": f"new{n[0]}@example.org", "username": f"new{n[0]}"})

        assert _attempts_until_429(signup, 30) is not None
        client = Client(REMOTE_ADDR="203.0.113.9")
        reset = lambda: client.post(reverse("account_reset_password"), {"email": "someone@example.org"})  # noqa: E731
        assert _attempts_until_429(reset, 30) is not None
        # Another address is not affected.
        other = Client(REMOTE_ADDR="198.51.100.1")
        assert other.post(reverse("account_reset_password"), {"email": "other@example.org"}).status_code != 429
