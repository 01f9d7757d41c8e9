import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Membership, MembershipStatus
from discussions import permissions as dp
from discussions.models import Post, PostStatus, Reaction, Thread
from moderation import services
from moderation.models import AuditAction, AuditEntry, Flag, FlagReason
from moderation.tests.factories import FlagFactory, PostFactory, add_member, make_thread

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
    for query in ({"since": bad}, {"q": bad}, {"action": bad}, {"community": bad}, {"page": bad}):
        assert client.get(reverse("moderation:log"), query).status_code in (200, 400)
    assert client.get(reverse("moderation:queue"), {"tab": bad, "page": bad}).status_code == 200
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


# --- Queue, bulk, requests ------------------------------------------------------------------------


def test_queue_groups_flags_and_hides_other_communities(world, client):
    FlagFactory(post=world.reply, reporter=world.members[1], reason=FlagReason.SPAM, note="Pump advert")
    FlagFactory(post=world.reply, reporter=world.members[2], reason=FlagReason.OFF_TOPIC)
    other = make_thread(world.b, world.mod_b, replies=1)
    FlagFactory(post=other.posts.last(), reporter=UserFactory(), reason=FlagReason.ABUSIVE)
    client.force_login(world.mod_a)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert html.count('data-queue-row tabindex="0" id="q-post-') == 1
    assert "Pump advert" in html and "Spam or advertising × 1" in html and "Off-topic × 1" in html
    client.force_login(world.mod_b)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert "Pump advert" not in html and html.count('id="q-post-') == 1
    staff = Client()
    staff.force_login(world.staff)
    assert staff.get(reverse("moderation:queue")).content.decode().count('id="q-post-') == 2


def test_queue_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.mod_a)

    def add(n):
        for _ in range(n):
            post = PostFactory(thread=world.thread, author=add_member(world.a))
            FlagFactory(post=post, reporter=world.members[1])
            PostFactory(thread=world.thread, author=add_member(world.a), status=PostStatus.PENDING)
            add_member(world.a, status=MembershipStatus.PENDING)

    for size in (2, 12):
        add(size)
        for tab in ("flags", "posts", "requests"):
            with django_assert_max_num_queries(16):
                assert client.get(reverse("moderation:queue"), {"tab": tab}).status_code == 200


def test_bulk_dismiss_hide_and_approve(world, client):
    posts = [PostFactory(thread=world.thread, author=world.members[0]) for _ in range(3)]
    for post in posts:
        FlagFactory(post=post, reporter=world.members[1])
    client.force_login(world.mod_a)
    response = client.post(reverse("moderation:bulk"), {"action": "hide", "items": [f"post-{p.pk}" for p in posts[:2]]})
    assert response.status_code == 302  # reason missing: nothing done, message shown
    assert not Post.objects.filter(is_hidden=True).exists()
    client.post(
        reverse("moderation:bulk"),
        {"action": "hide", "items": [f"post-{p.pk}" for p in posts[:2]], "reason": "Vendor spam"},
    )
    assert Post.objects.filter(pk__in=[p.pk for p in posts[:2]], is_hidden=True).count() == 2
    client.post(reverse("moderation:bulk"), {"action": "dismiss", "items": [f"post-{posts[2].pk}"]})
    assert not Flag.objects.open().exists()
    pending = [PostFactory(thread=world.thread, author=world.members[2], status=PostStatus.PENDING) for _ in range(2)]
    request = Membership.objects.get(user=add_member(world.a, status=MembershipStatus.PENDING), community=world.a)
    client.post(reverse("moderation:bulk"), {"action": "approve", "items": [f"post-{p.pk}" for p in pending]})
    assert Post.objects.filter(pk__in=[p.pk for p in pending], status=PostStatus.PUBLISHED).count() == 2
    client.post(reverse("moderation:bulk"), {"action": "approve", "items": [f"request-{request.pk}"]})
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.ACTIVE


def test_pending_post_visibility(world, client):
    newcomer = add_member(world.a)
    pending = PostFactory(thread=world.thread, author=newcomer, status=PostStatus.PENDING)
    assert not dp.can_view_post(world.members[1], pending)
    assert not dp.posts_visible_to(world.members[1]).filter(pk=pending.pk).exists()
    assert dp.can_view_post(newcomer, pending) and dp.can_view_post(world.mod_a, pending)
    client.force_login(world.mod_a)
    html = client.get(reverse("moderation:queue"), {"tab": "posts"}).content.decode()
    assert f"post-{pending.pk}" in html
    client.post(reverse("moderation:post-action", args=[pending.pk, "approve"]))
    assert dp.posts_visible_to(world.members[1]).filter(pk=pending.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.POST_APPROVE).exists()


# --- Suspended and banned people cannot post through any path ------------------------------------


@pytest.mark.parametrize("state", ["suspended", "banned", "platform"])
def test_suspended_or_banned_cannot_post_anywhere(world, state):
    person = world.members[1]
    if state == "suspended":
        services.member_suspend(actor=world.mod_a, community=world.a, user=person, duration="7d", reason="Spam")
    elif state == "banned":
        services.member_remove(actor=world.mod_a, community=world.a, user=person, reason="Spam", ban=True)
    client = Client()
    client.force_login(person)
    if state == "platform":
        services.platform_suspend(actor=world.staff, user=person, duration="7d", reason="Spam")
    url = reverse("discussions:post-create", kwargs={"community": world.a.slug, "thread_id": world.thread.pk})
    before = Post.objects.count()
    form = client.post(url, {"body": "Buy cheap pumps"})
    htmx = client.post(url, {"body": "Buy cheap pumps"}, HTTP_HX_REQUEST="true")
    api = client.post(url, {"body": "Buy cheap pumps"}, HTTP_ACCEPT="application/json")
    assert Post.objects.count() == before
    for response in (form, htmx, api):
        assert response.status_code in (302, 403, 404), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]  # a hub-suspended account is logged out
    where = {"community": world.a.slug, "thread_id": world.thread.pk, "number": world.reply.number}
    try:
        react = reverse("discussions:reaction-toggle", kwargs=where)
    except NoReverseMatch:  # the kind in the path (older route)
        react = reverse("discussions:reaction-toggle", kwargs=where | {"kind": "like"})
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}, {"HTTP_ACCEPT": "application/json"}):
        assert client.post(react, {"kind": "like"}, **headers).status_code in (302, 403, 404)
    assert not Reaction.objects.exists()
    flag = client.post(reverse("moderation:flag", args=["post", world.reply.pk]), {"reason": "spam"})
    assert flag.status_code in (302, 403, 404) and not Flag.objects.exists()
    if state == "suspended":
        from communities import permissions as cp

        assert not cp.can_react_in_community(Membership.objects.get(user=person, community=world.a).user, world.a)


@pytest.mark.django_db(transaction=True)
def test_websocket_cannot_create_posts(world):
    """The thread socket is push-only: a suspended member's messages never write a post."""
    from asgiref.sync import async_to_sync
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter
    from channels.testing import WebsocketCommunicator

    from hub.routing import websocket_urlpatterns

    person = world.members[1]
    services.member_suspend(actor=world.mod_a, community=world.a, user=person, duration="7d", reason="Spam")
    client = Client()
    client.force_login(person)
    headers = [
        (b"origin", b"http://testserver"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]
    before = Post.objects.count()

    async def scenario():
        app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        communicator = WebsocketCommunicator(app, f"/ws/threads/{world.thread.pk}/", headers=headers)
        connected, _code = await communicator.connect(timeout=5)
        if connected:
            for message in ({"type": "post", "body": "Buy cheap pumps"}, {"type": "reply", "body": "Buy"}):
                await communicator.send_json_to(message)
            await communicator.receive_nothing(timeout=0.3)
            await communicator.disconnect()

    async_to_sync(scenario)()
    assert Post.objects.count() == before


# --- Merge redirects ------------------------------------------------------------------------------


def test_merge_keeps_old_links_working(world, client):
    target = make_thread(world.a, world.members[0], replies=1)
    source = world.thread
    old_thread_url = source.get_absolute_url()
    old_post_url = reverse(
        "discussions:post-permalink", kwargs={"community": world.a.slug, "thread_id": source.pk, "number": 3}
    )
    moved_post = Post.objects.get(thread=source, number=3)
    services.thread_merge(actor=world.mod_a, source=source, target=target)
    moved_post.refresh_from_db()
    client.force_login(world.members[2])
    response = client.get(old_thread_url, follow=True)
    assert (
        response.redirect_chain and response.request["PATH_INFO"] == Thread.objects.get(pk=target.pk).get_absolute_url()
    )
    response = client.get(old_post_url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"#p{moved_post.number}")
    anonymous = Client()
    assert anonymous.get(old_thread_url, follow=True).status_code == 200
    # Private communities stay private through the redirect.
    type(world.a).objects.filter(pk=world.a.pk).update(visibility="private")
    assert anonymous.get(old_thread_url).status_code == 404
    assert anonymous.get(old_post_url).status_code == 404


def test_moved_thread_old_link_redirects(world, client):
    add_member(world.b, world.mod_a, role="moderator")
    old_url = world.thread.get_absolute_url()
    services.thread_move(actor=world.mod_a, thread=world.thread, to_community=world.b)
    response = Client().get(old_url, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"].startswith(f"/c/{world.b.slug}/")


# --- Audit log page and CSV -------------------------------------------------------------------------


def test_audit_log_filters_and_scopes(world, client):
    services.thread_set_pinned(actor=world.mod_a, thread=world.thread, pinned=True)
    services.member_warn(actor=world.mod_a, community=world.a, user=world.author, reason='=HYPERLINK("x")')
    other = make_thread(world.b, world.mod_b)
    services.thread_lock(actor=world.mod_b, thread=other, reason="Resolved")
    client.force_login(world.mod_a)

    def rows_of(response):
        html = response.content.decode()
        return html.split("<tbody>")[1] if "<tbody>" in html else ""

    body = rows_of(client.get(reverse("moderation:log")))
    assert "Thread pinned" in body and "Member warned" in body and "Resolved" not in body
    body = rows_of(client.get(reverse("moderation:log"), {"action": AuditAction.THREAD_PIN}))
    assert "Thread pinned" in body and "Member warned" not in body
    response = client.get(reverse("moderation:log-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "time (UTC)" and len(rows) == 3
    assert any(row[8].startswith("'=HYPERLINK") for row in rows[1:])
    # The other community's moderator cannot filter their way into A.
    client.force_login(world.mod_b)
    response = client.get(reverse("moderation:log"), {"community": world.a.slug})
    assert response.status_code == 400
    body = rows_of(response)
    assert "Thread pinned" not in body and "Resolved" in body


def test_audit_log_query_count(world, client, django_assert_max_num_queries):
    client.force_login(world.mod_a)
    for size in (3, 30):
        for _ in range(size):
            services.member_warn(actor=world.mod_a, community=world.a, user=world.author, reason="Stay on topic")
        with django_assert_max_num_queries(10):
            assert client.get(reverse("moderation:log")).status_code == 200


# --- Nav count, guidelines, standing ---------------------------------------------------------------


def test_nav_shows_queue_count_only_to_moderators(world, client):
    FlagFactory(post=world.reply, reporter=world.members[1])
    client.force_login(world.mod_a)
    html = client.get(reverse("moderation:guidelines")).content.decode()
    assert "data-moderation-nav" in html and ">1<span" in html
    member = Client()
    member.force_login(world.members[1])
    assert "data-moderation-nav" not in member.get(reverse("moderation:guidelines")).content.decode()


def test_author_sees_outcome_on_standing_page(world, client):
    services.post_hide(actor=world.mod_a, post=world.reply, reason="Named a colleague in an insulting way")
    client.force_login(world.reply.author)
    html = client.get(reverse("moderation:standing")).content.decode()
    assert "Named a colleague in an insulting way" in html
    assert world.mod_a.name not in html  # moderators are not named to the author


def test_guidelines_cover_the_essentials(client, db):
    html = client.get(reverse("moderation:guidelines")).content.decode()
    for heading in ("Tone", "Escalation", "Hide or delete?", "Conflict between stakeholders"):
        assert heading in html


def test_thread_page_shows_the_right_tools(world):
    url = world.thread.get_absolute_url()
    moderator = Client()
    moderator.force_login(world.mod_a)
    html = moderator.get(url).content.decode()
    assert reverse("moderation:thread-tools", args=[world.thread.pk]) in html
    assert reverse("moderation:post-tools", args=[world.reply.pk]) in html
    member = Client()
    member.force_login(world.members[1])
    html = member.get(url).content.decode()
    assert reverse("moderation:flag", args=["thread", world.thread.pk]) in html
    assert reverse("moderation:flag", args=["post", world.reply.pk]) in html
    assert reverse("moderation:thread-tools", args=[world.thread.pk]) not in html
    html = Client().get(url).content.decode()
    assert "/moderation/flag/" not in html and "/moderation/thread/" not in html
    services.post_hide(actor=world.mod_a, post=world.reply, reason="Keep it about the data")
    author = Client()
    author.force_login(world.reply.author)
    assert "Keep it about the data" in author.get(url).content.decode()
    assert "Keep it about the data" not in member.get(url).content.decode()


@pytest.mark.parametrize("role", ["mod_a", "member"])
def test_thread_page_tools_add_no_query_per_post(world, role):
    """The flag button and moderator tools use the viewer's cached membership only."""
    client = Client()
    client.force_login(world.mod_a if role == "mod_a" else world.members[1])
    url = world.thread.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(12):
        PostFactory(thread=world.thread, author=add_member(world.a))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) <= len(small) + 2, [q["sql"][:120] for q in large.captured_queries]


def test_tool_pages_render_in_every_state(world):
    staff = Client()
    staff.force_login(world.staff)
    reply = world.reply
    FlagFactory(post=reply, reporter=world.members[1], reason=FlagReason.OTHER, note="Phone number inside")
    pending = PostFactory(thread=world.thread, author=world.members[2], status=PostStatus.PENDING)
    pages = [
        reverse("moderation:post-tools", args=[reply.pk]),
        reverse("moderation:post-tools", args=[pending.pk]),
        reverse("moderation:thread-tools", args=[world.thread.pk]),
        reverse("moderation:member-tools", args=[world.a.slug, world.author.username]),
        reverse("moderation:member-tools", args=[world.a.slug, world.outsider.username]),
        reverse("moderation:platform-suspend", args=[world.author.username]),
        reverse("moderation:platform-suspend", args=[world.staff.username]),
        reverse("moderation:queue") + "?tab=deleted",
        reverse("moderation:standing"),
    ]
    for url in pages:
        assert staff.get(url).status_code == 200, url
    services.post_delete_moderated(actor=world.mod_a, post=reply, reason="Personal data")
    services.member_suspend(actor=world.mod_a, community=world.a, user=world.author, duration="1d", reason="x")
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        staff.force_login(world.staff)  # the old session expired on the way
        html = staff.get(reverse("moderation:post-tools", args=[reply.pk])).content.decode()
        assert "Purge for good" in html
        html = staff.get(reverse("moderation:queue") + "?tab=deleted").content.decode()
        assert "Purge for good" in html
    html = staff.get(reverse("moderation:member-tools", args=[world.a.slug, world.author.username])).content.decode()
    assert "Lift the suspension" in html and "Member suspended" in html
    fragment = Client()
    fragment.force_login(world.members[1])
    html = fragment.get(reverse("moderation:flag", args=["post", pending.pk])).status_code
    assert html in (403, 404)  # pending posts cannot be flagged by other members
    response = fragment.get(reverse("moderation:flag", args=["thread", world.thread.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()


def test_move_and_merge_through_the_tools_page(world, client):
    add_member(world.b, world.mod_a, role="moderator")
    client.force_login(world.mod_a)
    page = client.get(reverse("moderation:thread-tools", args=[world.thread.pk])).content.decode()
    assert world.b.name in page  # offered as a destination
    response = client.post(
        reverse("moderation:thread-action", args=[world.thread.pk, "move"]), {"move-community": world.b.pk}
    )
    assert response.status_code == 302
    assert Thread.objects.get(pk=world.thread.pk).community_id == world.b.pk
    target = make_thread(world.b, world.mod_b, replies=1)
    response = client.post(
        reverse("moderation:thread-action", args=[world.thread.pk, "merge"]),
        {"merge-target": f"https://hub.example.org/c/{world.b.slug}/t/{target.pk}-slug/", "merge-reason": "Duplicate"},
    )
    assert response.status_code == 302 and response["Location"].startswith(f"/c/{world.b.slug}/t/{target.pk}-")
    assert Post.objects.filter(thread=target).count() == 5


def test_admin_is_read_only_for_the_audit_log(world, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    services.thread_set_pinned(actor=world.mod_a, thread=world.thread, pinned=True)
    entry = AuditEntry.objects.get()
    client.force_login(admin)
    assert client.get(reverse("admin:moderation_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:moderation_auditentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:moderation_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_audit_log_filter_by_member(world, client):
    services.member_warn(actor=world.mod_a, community=world.a, user=world.author, reason="About the author")
    services.member_warn(actor=world.mod_a, community=world.a, user=world.members[0], reason="About someone else")
    client.force_login(world.owner)
    html = client.get(reverse("moderation:log"), {"person": f"@{world.author.username}"}).content.decode()
    body = html.split("<tbody>")[1]
    assert "About the author" in body and "About someone else" not in body
