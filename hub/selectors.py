"""Site-level reads: the readiness report of ``/readyz``."""

import logging

logger = logging.getLogger(__name__)

CHECK_TIMEOUT = 1  # seconds per check: a probe must answer faster than the balancer gives up


def readiness() -> dict:
    """``{"ready": bool, "database": ..., "redis": ..., "broker": ...}``; each state is
    ``ok``, ``unavailable``, ``saturated`` (database: no pooled connection in time),
    ``not configured`` or ``inline`` (no broker: tasks run in the request)."""
    from django.conf import settings

    database = _database_state()
    redis_state = _redis_state(settings.REDIS_URL) if settings.REDIS_URL else "not configured"
    broker_url = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or broker_url.startswith("memory://"):
        broker = "inline"
    elif broker_url == settings.REDIS_URL:
        broker = redis_state
    else:
        broker = _broker_state(broker_url)
    return {
        # Without the database no page can be served; Redis and the broker only degrade
        # features (pushes, caches, background mail), which the sweeps catch up on.
        "ready": database != "unavailable",
        "database": database,
        "redis": redis_state,
        "broker": broker,
    }


def _database_state() -> str:
    from django.db import connection

    from hub.resilience import is_database_outage, is_pool_timeout

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        if is_pool_timeout(exc):
            return "saturated"
        if is_database_outage(exc):
            logger.warning("Readiness: database unavailable (%s)", type(exc).__name__)
            return "unavailable"
        raise
    return "ok"


def _redis_state(url) -> str:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT, socket_timeout=CHECK_TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, OSError):
        return "unavailable"
    return "ok"


def _broker_state(url) -> str:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=CHECK_TIMEOUT) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT)
    except Exception:
        return "unavailable"
    return "ok"
