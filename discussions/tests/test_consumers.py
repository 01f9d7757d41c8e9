"""ThreadConsumer and CommunityConsumer: who may connect, what they receive, how they end."""

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from communities.models import Membership, MembershipStatus, Role
from discussions import pushes
from discussions.tests.realtime_helpers import (
    add_post,
    connect,
    expect_close,
    flush_layer,
    hidden_post,
    make_community,
    make_member,
    make_thread,
    maybe_receive,
    only_presence_left,
    pending_post,
    receive,
    refused_code,
    reset_realtime_state,
    session_cookie,
    skip_presence,
)
from realtime import access, push

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _fresh_realtime_state(monkeypatch):
    reset_realtime_state(monkeypatch)
    yield
    flush_layer()


def run(scenario, *args):
    return async_to_sync(scenario)(*args)


ROLES = ["anonymous", "nonmember", "pending", "invited", "banned", "left", "member", "moderator", "owner", "staff"]
READERS = {
    # role -> may read (public, private, hidden) communities
    "anonymous": (True, False, False),
    "nonmember": (True, False, False),
    "pending": (True, False, False),
    "invited": (True, False, False),
    "banned": (False, False, False),
    "left": (True, False, False),
    "member": (True, True, True),
    "moderator": (True, True, True),
    "owner": (True, True, True),
    "staff": (True, True, True),
}
STATUS = {"pending": MembershipStatus.PENDING, "invited": MembershipStatus.INVITED, "banned": MembershipStatus.BANNED,
          "left": MembershipStatus.LEFT}  # fmt: skip


def person(role, community):
    from accounts.tests.factories import UserFactory

    if role == "anonymous":
        return None
    if role == "nonmember":
        return UserFactory()
    if role == "staff":
        return UserFactory(is_staff=True)
    if role in STATUS:
        return make_member(community, status=STATUS[role])
    return make_member(community, role={"member": Role.MEMBER, "moderator": Role.MODERATOR, "owner": Role.OWNER}[role])


@pytest.mark.parametrize("visibility", ["public", "private", "hidden"])
@pytest.mark.parametrize("role", ROLES)
def test_thread_consumer_connect_matrix(role, visibility):
    community = make_community(visibility)
    thread = make_thread(community)
    user = person(role, community)
    allowed = READERS[role][["public", "private", "hidden"].index(visibility)]

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/", user)
        if allowed:
            assert ws.handshake == (True, None)
        else:
            assert await refused_code(ws) == 4403
        await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize("visibility", ["public", "private", "hidden"])
@pytest.mark.parametrize("role", ROLES)
def test_community_consumer_connect_matrix(role, visibility):
    community = make_community(visibility)
    user = person(role, community)
    allowed = READERS[role][["public", "private", "hidden"].index(visibility)]

    async def scenario():
        ws = await connect(f"/ws/communities/{community.pk}/", user)
        if allowed:
            await ws.send_to(text_data=json.dumps({"type": "ping"}))
            assert (await receive(ws)) == {"type": "pong"}
        else:
            assert await refused_code(ws) == 4403
        await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize("role,allowed", [("anonymous", False), ("member", False), ("author", True),
                                          ("moderator", True), ("staff", True)])  # fmt: skip
def test_thread_consumer_hidden_thread_only_for_moderators_and_author(role, allowed):
    community = make_community("public")
    author = make_member(community)
    thread = make_thread(community, author=author, is_hidden=True, hidden_reason="off-topic")
    user = author if role == "author" else person(role, community)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/", user)
        if allowed:
            await ws.send_to(text_data=json.dumps({"type": "ping"}))
            assert (await receive(ws)) == {"type": "pong"}
        else:
            assert await refused_code(ws) == 4403
        await ws.disconnect()

    run(scenario)


def test_thread_consumer_refuses_missing_thread_like_a_private_one():
    async def scenario():
        ws = await connect("/ws/threads/999999/")
        assert await refused_code(ws) == 4403
        await ws.disconnect()

    run(scenario)


def test_thread_consumer_pushes_new_post_rendered_once_to_every_reader():
    community = make_community("public")
    thread = make_thread(community)
    member = make_member(community)

    async def scenario():
        anonymous = await connect(f"/ws/threads/{thread.pk}/")
        signed_in = await connect(f"/ws/threads/{thread.pk}/", member)
        post = await sync_to_async(add_post)(thread, author=member, body="Recharge basins need desilting yearly.")
        await sync_to_async(pushes.broadcast_post_created)(post)
        for ws in (anonymous, signed_in):
            message = await skip_presence(ws)
            assert message["type"] == "post_created"
            assert message["number"] == 2
            assert message["id"] == post.pk
            assert message["author_id"] == member.pk
            assert 'id="p2"' in message["html"]
        await anonymous.disconnect()
        await signed_in.disconnect()

    run(scenario)


def test_thread_consumer_sends_stub_of_pending_and_hidden_posts_to_ordinary_readers():
    community = make_community("public")
    author = make_member(community)
    thread = make_thread(community, author=author)
    moderator = make_member(community, role=Role.MODERATOR)
    reader = make_member(community)

    async def scenario():
        sockets = {
            "anonymous": await connect(f"/ws/threads/{thread.pk}/"),
            "reader": await connect(f"/ws/threads/{thread.pk}/", reader),
            "moderator": await connect(f"/ws/threads/{thread.pk}/", moderator),
            "author": await connect(f"/ws/threads/{thread.pk}/", author),
        }
        pending = await sync_to_async(pending_post)(thread, author=author)
        hidden = await sync_to_async(hidden_post)(thread, author=author)
        for post in (pending, hidden):
            await sync_to_async(pushes.broadcast_post_created)(post)
        for name, ws in sockets.items():
            for post in (pending, hidden):
                message = await skip_presence(ws)
                assert message["type"] == "post_created" and message["number"] == post.number
                if name in ("moderator", "author"):
                    assert f'id="p{post.number}"' in message["html"]
                else:
                    assert message["html"] is None
                    assert "id" not in message and "author_id" not in message
            await ws.disconnect()

    run(scenario)


def test_thread_consumer_update_reactions_and_thread_changes_in_place():
    community = make_community("public")
    thread = make_thread(community)
    post = add_post(thread)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/")
        post.body_html = "<p>Edited: recharge basins need desilting every dry season.</p>"
        post.reaction_counts = {"like": 3, "thanks": 1}
        await sync_to_async(post.save)()
        await sync_to_async(pushes.broadcast_post_updated)(post)
        message = await skip_presence(ws)
        assert message["type"] == "post_updated" and message["number"] == post.number
        await sync_to_async(pushes.broadcast_reactions)(post)
        message = await skip_presence(ws)
        assert message["type"] == "reactions" and message["number"] == post.number
        assert message["counts"] == {"like": 3, "thanks": 1}
        assert f'id="reactions-{post.pk}"' in message["html"] and 'data-action="react" hidden' in message["html"]
        assert message["rights"] == ""  # an anonymous reader: the read-only counts only
        thread.title = "Managed aquifer recharge: desilting schedules"
        thread.is_locked = True
        await sync_to_async(thread.save)()
        await sync_to_async(pushes.broadcast_thread_updated)(thread)
        message = await skip_presence(ws)
        assert message["type"] == "thread_updated" and message["is_locked"] is True
        assert message["title"] == thread.title
        # Hiding the post: ordinary readers get a stub (the client removes it).
        post.is_hidden = True
        await sync_to_async(post.save)()
        await sync_to_async(pushes.broadcast_post_updated)(post)
        message = await skip_presence(ws)
        assert message["html"] is None and message["type"] == "post_updated" and "author_id" not in message
        await ws.disconnect()

    run(scenario)


def test_thread_consumer_presence_counts_people_not_tabs():
    community = make_community("public")
    thread = make_thread(community)
    member = make_member(community)

    async def scenario():
        _, key = await sync_to_async(session_cookie)(member)
        first = await connect(f"/ws/threads/{thread.pk}/", member, session_key=key)
        second_tab = await connect(f"/ws/threads/{thread.pk}/", member, session_key=key)
        anonymous = await connect(f"/ws/threads/{thread.pk}/")
        counts = []
        for _ in range(6):
            message = await maybe_receive(anonymous, timeout=1)
            if message is None:
                break
            if message["type"] == "presence":
                counts.append(message["count"])
                if message["count"] == 2:
                    break
        assert counts and counts[-1] == 2  # one member in two tabs + one anonymous reader
        for ws in (first, second_tab, anonymous):
            await ws.disconnect()

    run(scenario)


def test_thread_consumer_typing_reaches_others_never_the_typer():
    community = make_community("public")
    thread = make_thread(community)
    typer = make_member(community, display_name="Amina Yusuf")
    reader = make_member(community)

    async def scenario():
        _, key = await sync_to_async(session_cookie)(typer)
        typing_tab = await connect(f"/ws/threads/{thread.pk}/", typer, session_key=key)
        other_tab = await connect(f"/ws/threads/{thread.pk}/", typer, session_key=key)
        watcher = await connect(f"/ws/threads/{thread.pk}/", reader)
        await typing_tab.send_to(text_data=json.dumps({"type": "typing"}))
        await typing_tab.send_to(text_data=json.dumps({"type": "typing"}))  # throttled
        message = await skip_presence(watcher)
        assert message == {"type": "typing", "user_id": typer.pk, "name": "Amina Yusuf"}
        for ws in (watcher, typing_tab, other_tab):
            await only_presence_left(ws)
        for ws in (typing_tab, other_tab, watcher):
            await ws.disconnect()

    run(scenario)


def test_thread_consumer_typing_refused_to_readers_who_cannot_reply():
    community = make_community("public")
    thread = make_thread(community)
    outsider = person("nonmember", community)

    async def scenario():
        for user in (None, outsider):
            ws = await connect(f"/ws/threads/{thread.pk}/", user)
            await ws.send_to(text_data=json.dumps({"type": "typing"}))
            assert await skip_presence(ws) == {"type": "error", "code": "not-allowed"}
            await ws.disconnect()

    run(scenario)


def test_thread_consumer_survives_malformed_frames():
    community = make_community("public")
    thread = make_thread(community)
    other = make_thread(community)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/")
        for frame in ("not json", "[]", '{"no": "type"}', "\x00", '{"type": 5}'):
            await ws.send_to(text_data=frame)
            assert await skip_presence(ws) == {"type": "error", "code": "bad-frame"}
        # Naming another group never subscribes to it.
        await ws.send_to(text_data=json.dumps({"type": "subscribe", "group": f"thread.{other.pk}"}))
        assert await skip_presence(ws) == {"type": "error", "code": "unknown-type"}
        post = await sync_to_async(add_post)(other)
        await sync_to_async(pushes.broadcast_post_created)(post)
        await only_presence_left(ws)
        await ws.disconnect()

        too_big = await connect(f"/ws/threads/{thread.pk}/")
        await too_big.send_to(text_data=json.dumps({"type": "typing", "pad": "x" * 100_000}))
        await expect_close(too_big, 4009)
        await too_big.disconnect()

        binary = await connect(f"/ws/threads/{thread.pk}/")
        await binary.send_to(bytes_data=b"\x00\x01")
        await expect_close(binary, 4008)
        await binary.disconnect()

        flood = await connect(f"/ws/threads/{thread.pk}/")
        for _ in range(40):
            await flood.send_to(text_data='{"type": "ping"}')
        await expect_close(flood, 4008)
        await flood.disconnect()

    run(scenario)


def test_consumer_ignores_events_it_has_no_handler_for():
    community = make_community("public")
    thread = make_thread(community)
    member = make_member(community)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/", member)
        await sync_to_async(push.send_to_user)(member.pk, {"type": "messaging.new_message", "id": 1})
        await ws.send_to(text_data=json.dumps({"type": "ping"}))
        assert await skip_presence(ws) == {"type": "pong"}
        await ws.disconnect()

    run(scenario)


# --- revocation while connected --------------------------------------------------------------


@pytest.mark.parametrize("change", ["banned", "left", "removed"])
def test_revoke_community_access_closes_member_socket_at_once(change):
    community = make_community("private")
    member = make_member(community)
    thread = make_thread(community)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/", member)
        listing = await connect(f"/ws/communities/{community.pk}/", member)
        membership = Membership.objects.filter(user=member, community=community)
        if change == "removed":
            await sync_to_async(membership.delete)()
        else:
            await sync_to_async(membership.update)(status=change)
        await sync_to_async(push.recheck_member_access)(member.pk, community.pk)
        await expect_close(ws, 4403)
        await expect_close(listing, 4403)
        await ws.disconnect()
        await listing.disconnect()

    run(scenario)


def test_revocation_without_announcement_stops_delivery_before_next_push(monkeypatch):
    """The re-check before each send: a service that forgot to announce is still safe."""
    monkeypatch.setattr(access, "TTL", 0.2)
    community = make_community("private")
    member = make_member(community)
    thread = make_thread(community)

    async def scenario():
        import asyncio

        ws = await connect(f"/ws/threads/{thread.pk}/", member)
        await sync_to_async(Membership.objects.filter(user=member, community=community).update)(
            status=MembershipStatus.BANNED
        )
        await asyncio.sleep(0.3)
        post = await sync_to_async(add_post)(thread)
        await sync_to_async(pushes.broadcast_post_created)(post)
        await expect_close(ws, 4403)  # closed instead of receiving the post
        await ws.disconnect()

    run(scenario)


def test_suspended_member_keeps_reading_but_cannot_type():
    from datetime import timedelta

    from django.utils import timezone

    community = make_community("private")
    member = make_member(community)
    thread = make_thread(community)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/", member)
        await sync_to_async(Membership.objects.filter(user=member, community=community).update)(
            suspended_until=timezone.now() + timedelta(days=3)
        )
        await sync_to_async(push.recheck_member_access)(member.pk, community.pk)
        await ws.send_to(text_data=json.dumps({"type": "typing"}))
        assert await skip_presence(ws) == {"type": "error", "code": "not-allowed"}
        await ws.disconnect()

    run(scenario)


def test_community_turning_private_closes_outsiders_sockets():
    community = make_community("public")
    member = make_member(community)
    thread = make_thread(community)

    async def scenario():
        anonymous = await connect(f"/ws/threads/{thread.pk}/")
        listing = await connect(f"/ws/communities/{community.pk}/")
        insider = await connect(f"/ws/threads/{thread.pk}/", member)
        community.visibility = "private"
        await sync_to_async(community.save)()
        await sync_to_async(push.recheck_community_access)(community.pk)
        await expect_close(anonymous, 4403)
        await expect_close(listing, 4403)
        post = await sync_to_async(add_post)(thread)
        await sync_to_async(pushes.broadcast_post_created)(post)
        assert (await skip_presence(insider))["number"] == post.number
        for ws in (anonymous, listing, insider):
            await ws.disconnect()

    run(scenario)


def test_hiding_thread_closes_ordinary_readers_keeps_moderators():
    community = make_community("public")
    moderator = make_member(community, role=Role.MODERATOR)
    thread = make_thread(community)

    async def scenario():
        reader = await connect(f"/ws/threads/{thread.pk}/")
        mod = await connect(f"/ws/threads/{thread.pk}/", moderator)
        thread.is_hidden = True
        await sync_to_async(thread.save)()
        await sync_to_async(pushes.broadcast_thread_updated)(thread)
        await expect_close(reader, 4403)
        assert (await skip_presence(mod))["is_hidden"] is True
        await reader.disconnect()
        await mod.disconnect()

    run(scenario)


# --- session end ------------------------------------------------------------------------------


def test_logout_closes_that_sessions_sockets_only():
    community = make_community("public")
    member = make_member(community)
    thread = make_thread(community)

    async def scenario():
        laptop_client, laptop = await sync_to_async(session_cookie)(member)
        _, phone = await sync_to_async(session_cookie)(member)
        on_laptop = await connect(f"/ws/threads/{thread.pk}/", member, session_key=laptop)
        bell_on_laptop = await connect("/ws/notifications/", member, session_key=laptop)
        on_phone = await connect(f"/ws/threads/{thread.pk}/", member, session_key=phone)
        response = await sync_to_async(laptop_client.post)("/accounts/logout/")
        assert response.status_code == 302
        await expect_close(on_laptop, 4401)
        await expect_close(bell_on_laptop, 4401)
        await on_phone.send_to(text_data=json.dumps({"type": "ping"}))
        assert await skip_presence(on_phone) == {"type": "pong"}
        for ws in (on_laptop, bell_on_laptop, on_phone):
            await ws.disconnect()

    run(scenario)


def test_deactivated_account_sockets_close():
    community = make_community("private")
    member = make_member(community)
    thread = make_thread(community)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/", member)
        member.is_active = False
        await sync_to_async(member.save)()
        await sync_to_async(push.close_user_sockets)(member.pk)
        await expect_close(ws, 4401)
        await ws.disconnect()
        again = await connect(f"/ws/threads/{thread.pk}/", member)  # now anonymous: private is closed
        assert await refused_code(again) == 4403
        await again.disconnect()

    run(scenario)


def test_session_deleted_elsewhere_closes_on_next_push(monkeypatch):
    from django.contrib.sessions.models import Session

    monkeypatch.setattr(access, "TTL", 0.1)
    community = make_community("public")
    member = make_member(community)
    thread = make_thread(community)

    async def scenario():
        import asyncio

        _, key = await sync_to_async(session_cookie)(member)
        ws = await connect(f"/ws/threads/{thread.pk}/", member, session_key=key)
        await sync_to_async(Session.objects.filter(session_key=key).delete)()
        await asyncio.sleep(0.2)
        post = await sync_to_async(add_post)(thread)
        await sync_to_async(pushes.broadcast_post_created)(post)
        await expect_close(ws, 4401)
        await ws.disconnect()

    run(scenario)


# --- community list ---------------------------------------------------------------------------


def test_community_consumer_announces_new_threads_and_replies():
    community = make_community("public")
    moderator = make_member(community, role=Role.MODERATOR)
    thread = make_thread(community)

    async def scenario():
        reader = await connect(f"/ws/communities/{community.pk}/")
        mod = await connect(f"/ws/communities/{community.pk}/", moderator)
        fresh = await sync_to_async(make_thread)(community)
        await sync_to_async(pushes.broadcast_thread_created)(fresh)
        reply = await sync_to_async(add_post)(thread)
        await sync_to_async(pushes.broadcast_post_created)(reply)
        hidden = await sync_to_async(make_thread)(community, is_hidden=True)
        await sync_to_async(pushes.broadcast_thread_created)(hidden)
        assert await receive(reader) == {"type": "thread_created", "thread_id": fresh.pk}
        assert await receive(reader) == {"type": "reply", "thread_id": thread.pk, "number": reply.number}
        assert await reader.receive_nothing(timeout=0.2)
        assert await receive(mod) == {"type": "thread_created", "thread_id": fresh.pk}
        assert (await receive(mod))["type"] == "reply"
        assert await receive(mod) == {"type": "thread_created", "thread_id": hidden.pk}
        await reader.disconnect()
        await mod.disconnect()

    run(scenario)


def test_community_consumer_gets_no_reply_marker_for_hidden_posts():
    community = make_community("public")
    thread = make_thread(community)

    async def scenario():
        reader = await connect(f"/ws/communities/{community.pk}/")
        post = await sync_to_async(hidden_post)(thread)
        await sync_to_async(pushes.broadcast_post_created)(post)
        assert await reader.receive_nothing(timeout=0.2)
        await reader.disconnect()

    run(scenario)


# --- origin -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin,accepted",
    [
        (None, False),
        (b"null", False),
        (b"https://evil.example.com", False),
        (b"http://testserver.evil.com", False),
        (b"http://testserver", True),
        (b"http://127.0.0.1:8000", True),
    ],
)
def test_origin_is_validated_by_the_real_application(origin, accepted):
    from hub.asgi import application

    community = make_community("public")
    thread = make_thread(community)

    async def scenario():
        headers = [] if origin is None else [(b"origin", origin)]
        ws = await connect(f"/ws/threads/{thread.pk}/", application=application, headers=headers)
        assert ws.handshake[0] is accepted
        await ws.disconnect()

    run(scenario)


def test_pushes_are_rendered_per_language_and_picked_by_the_page_language():
    from realtime.languages import in_every_language, pick_language
    from realtime.languages import page_language as _language

    assert _language({"query_string": b"lang=fr"}) == "fr"
    assert _language({"query_string": b"lang=es-MX"}) == "es"
    assert _language({"query_string": b"lang=xx&lang=%00"}) == "en"
    assert _language({"query_string": b"\xff\xfe"}) == "en"
    rendered = in_every_language(lambda: __import__("django.utils.translation").utils.translation.get_language())
    assert rendered == {"en": "en", "fr": "fr", "es": "es"}
    assert pick_language(rendered, "fr") == "fr"
    assert pick_language({"en": "x"}, "es") == "x"
    assert pick_language(None, "fr") is None
