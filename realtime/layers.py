"""The production channel layer: Redis publish/subscribe, one message per server process.

``channels_redis.core.RedisChannelLayer`` stores a group message in a Redis list per
process and every socket of that process then takes its copy through its own
``receive()``, which costs a lock and two asyncio tasks per socket per message.  With a
thousand readers of one thread that per-socket overhead was most of the fan-out time
(``bench/ws_fanout``: p99 close to 300 ms on two processes).

``RedisPubSubChannelLayer`` publishes each group message once; every process subscribed to
the group receives it once and hands it to its local sockets' queues.  It keeps no backlog
in Redis (a process that is disconnected misses what was published meanwhile), which is
what the realtime design already assumes: pushes are best effort, clients notice a gap in
post numbers and catch up over HTTP.

What this subclass adds: a bounded queue per socket.  The stock layer's queues grow
without limit, so a consumer stuck on a slow client would hold every message for it in
memory; here a full queue drops the message (logged) and the client resyncs over HTTP
when the next one arrives.

And a breaker (``hub.resilience.layer_breaker``): a ``group_send`` while Redis is unreachable
fails with ``LayerUnavailable`` after at most ``send_timeout`` seconds, and at once while the
breaker is open, so an outage does not hold every committing request for a timeout (the
callers log it and go on).  Readers catch up over HTTP: every thread
socket gets a heartbeat with the thread's latest post number from its own process
(``discussions.consumers``), which does not go through Redis.

``layer_call`` is how sockets and senders reach the layer: throttled per process, one retry.
"""

import asyncio
import logging
import weakref

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisPubSubLoopLayer
from channels_redis.utils import _wrap_close

from hub.resilience import layer_breaker

logger = logging.getLogger(__name__)

DEFAULT_CAPACITY = 100
DEFAULT_SEND_TIMEOUT = 2.0

# At most this many channel-layer calls in flight per process: a burst of connections (a
# restart, everybody reconnecting) must not exhaust the Redis connection pool.
LAYER_CONCURRENCY = 48
LAYER_TIMEOUT = 5.0
_layer_slots: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()


class LayerUnavailable(ConnectionError):
    """A push not sent because Redis is unreachable (raised at once while the breaker is open).
    An OSError, so callers' retry helpers do not retry it; every caller logs and goes on."""


class DroppingQueue(asyncio.Queue):
    """An ``asyncio.Queue`` whose ``put_nowait`` drops the message when full instead of raising
    (the layer's receive loop calls it for every local socket and must never stop)."""

    def put_nowait(self, item):
        try:
            super().put_nowait(item)
        except asyncio.QueueFull:
            logger.warning("Channel queue full (%s messages): message dropped", self.maxsize)


class BoundedPubSubLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args, capacity=DEFAULT_CAPACITY, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity

    async def _subscribe_to_channel(self, channel):
        self.channels[channel] = DroppingQueue(maxsize=self.capacity)
        shard = self._get_shard(channel)
        await shard.subscribe(channel)


class PubSubChannelLayer(RedisPubSubChannelLayer):
    """``RedisPubSubChannelLayer`` with a bounded queue (``capacity``) per socket."""

    def __init__(self, *args, capacity=DEFAULT_CAPACITY, send_timeout=DEFAULT_SEND_TIMEOUT, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity
        self.send_timeout = send_timeout

    async def group_send(self, group, message):
        if not layer_breaker.allow():
            raise LayerUnavailable(f"channel layer unavailable: push to {group} dropped")
        try:
            await asyncio.wait_for(self._get_layer().group_send(group, message), timeout=self.send_timeout)
        except Exception as exc:
            layer_breaker.failure(exc)
            raise LayerUnavailable(f"channel layer unavailable: push to {group} dropped") from exc
        layer_breaker.success()

    def _get_layer(self):
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = BoundedPubSubLoopLayer(*self._args, capacity=self.capacity, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
            return layer


async def layer_call(method, *args):
    """``await method(*args)`` on the channel layer, throttled per process, one retry."""
    loop = asyncio.get_running_loop()
    slots = _layer_slots.get(loop)
    if slots is None:
        slots = _layer_slots[loop] = asyncio.Semaphore(LAYER_CONCURRENCY)
    for attempt in range(2):
        async with slots:
            try:
                return await asyncio.wait_for(method(*args), timeout=LAYER_TIMEOUT)
            except OSError:  # includes TimeoutError: the layer is down, no retry
                raise
            except Exception as exc:  # redis MaxConnectionsError and friends: breathe, retry once
                if attempt or "connection" not in type(exc).__name__.lower():
                    raise
        await asyncio.sleep(0.05)
