"""The thread heartbeat: every open thread socket hears the thread's latest post number from
its own process, without the channel layer, so a reader whose pushes were lost (Redis down)
catches up over HTTP without waiting for the next post."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from discussions import consumers
from discussions.tests.realtime_helpers import (
    add_post,
    connect,
    expect_close,
    flush_layer,
    make_community,
    make_member,
    make_thread,
    reset_realtime_state,
    skip_presence,
)
from realtime import access, push

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _fresh_realtime_state(monkeypatch):
    reset_realtime_state(monkeypatch)
    yield
    flush_layer()


def run(scenario):
    return async_to_sync(scenario)()


async def registered(count):
    """Wait until ``count`` sockets finished opening (accept comes before the consumer's opened())."""
    import asyncio

    for _ in range(1000):
        if sum(len(readers) for readers in consumers.heartbeats().sockets.values()) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("sockets did not open")


def test_heartbeat_carries_the_latest_number_when_pushes_were_lost(monkeypatch):
    community = make_community()
    thread = make_thread(community)
    other = make_thread(community, posts=3)

    async def scenario():
        reader = await connect(f"/ws/threads/{thread.pk}/")
        elsewhere = await connect(f"/ws/threads/{other.pk}/")
        await registered(2)
        # The channel layer is down: the reply is saved, its push never arrives.
        monkeypatch.setattr(push, "send_many", lambda *messages: False)
        await sync_to_async(add_post)(thread)
        await sync_to_async(add_post)(thread)
        await consumers.heartbeats().tick()
        assert await skip_presence(reader) == {"type": "heartbeat", "last": 3}
        assert await skip_presence(elsewhere) == {"type": "heartbeat", "last": 3}
        await reader.disconnect()
        await consumers.heartbeats().tick()  # a closed socket is no longer beaten for
        assert await skip_presence(elsewhere) == {"type": "heartbeat", "last": 3}
        await elsewhere.disconnect()
        assert not consumers.heartbeats().sockets

    run(scenario)


def test_heartbeat_is_one_query_for_every_open_thread(monkeypatch, django_assert_num_queries):
    community = make_community()
    threads = [make_thread(community) for _ in range(3)]
    calls = []
    latest = consumers._latest_numbers

    def counted(thread_ids):
        with django_assert_num_queries(1):
            calls.append(sorted(thread_ids))
            return latest(thread_ids)

    monkeypatch.setattr(consumers, "_latest_numbers", counted)

    async def scenario():
        sockets = [await connect(f"/ws/threads/{t.pk}/") for t in threads for _ in range(2)]
        await registered(6)
        await consumers.heartbeats().tick()
        for ws in sockets:
            assert (await skip_presence(ws))["type"] == "heartbeat"
        for ws in sockets:
            await ws.disconnect()

    run(scenario)
    assert calls == [sorted(t.pk for t in threads)]


def test_heartbeat_stops_for_a_reader_who_lost_access():
    community = make_community("private")
    member = make_member(community)
    thread = make_thread(community)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/", member)
        await registered(1)
        await sync_to_async(lambda: member.memberships.update(status="left"))()
        access.reset()
        await consumers.heartbeats().tick()
        await expect_close(ws, 4403)

    run(scenario)
