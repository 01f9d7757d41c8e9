"""The production channel layer (realtime.layers): publish/subscribe with a bounded queue per socket."""

import asyncio
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings

from realtime.layers import DroppingQueue, PubSubChannelLayer


def test_dropping_queue_keeps_the_first_messages_and_logs_the_drop(caplog):
    queue = DroppingQueue(maxsize=2)
    with caplog.at_level(logging.WARNING, logger="realtime.layers"):
        for n in range(4):
            queue.put_nowait(n)  # never raises: the layer's receive loop must go on
    assert queue.qsize() == 2
    assert [queue.get_nowait(), queue.get_nowait()] == [0, 1]
    assert sum("message dropped" in r.getMessage() for r in caplog.records) == 2


def run(scenario):
    """Run the scenario on a fresh event loop in its own thread (whatever the caller's loop)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()


def redis_layer(capacity=100):
    if not django_settings.TEST_REDIS_URL:
        pytest.skip("REDIS_URL not set")
    return PubSubChannelLayer(hosts=[django_settings.TEST_REDIS_URL], prefix=f"test-{uuid.uuid4().hex[:8]}",
                              capacity=capacity)  # fmt: skip


@pytest.mark.redis
def test_group_message_reaches_every_local_socket_once():
    layer = redis_layer()

    async def scenario():
        first, second, outsider = [await layer.new_channel() for _ in range(3)]
        await layer.group_add("thread.7", first)
        await layer.group_add("thread.7", second)
        await asyncio.sleep(0.2)  # subscriptions reach Redis
        await layer.group_send("thread.7", {"type": "thread.post_created", "number": 2})
        got = [await asyncio.wait_for(layer.receive(c), 2) for c in (first, second)]
        assert [m["number"] for m in got] == [2, 2]
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(layer.receive(outsider), 0.3)  # not in the group: nothing
        # A discarded socket stops receiving; the other still does.
        await layer.group_discard("thread.7", first)
        await layer.group_send("thread.7", {"type": "thread.post_created", "number": 3})
        assert (await asyncio.wait_for(layer.receive(second), 2))["number"] == 3
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(layer.receive(first), 0.3)
        await layer.flush()

    run(scenario)


@pytest.mark.redis
def test_a_socket_that_does_not_read_loses_only_its_own_overflow():
    """A stuck consumer's queue stops at ``capacity``; the others get every message."""
    layer = redis_layer(capacity=3)

    async def scenario():
        stuck, reader = await layer.new_channel(), await layer.new_channel()
        for channel in (stuck, reader):
            await layer.group_add("thread.8", channel)
        await asyncio.sleep(0.2)
        received = []
        for n in range(10):
            await layer.group_send("thread.8", {"type": "thread.post_created", "number": n})
            received.append((await asyncio.wait_for(layer.receive(reader), 2))["number"])
        assert received == list(range(10))
        backlog = [(await asyncio.wait_for(layer.receive(stuck), 2))["number"] for _ in range(3)]
        assert backlog == [0, 1, 2]  # the rest was dropped, the client resyncs over HTTP
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(layer.receive(stuck), 0.3)
        await layer.flush()

    run(scenario)
