"""Fixed-window rate limits kept in the cache (Redis in production, shared by processes).

``hit(scope, key, rate)`` counts one attempt and answers whether it is allowed.
Rates read like allauth's: ``"5/m"``, ``"20/h"``, ``"100/d"``, ``"1/30s"``.
The clock is ``time.time`` so tests can move it with time-machine.
"""

import re
import time
from dataclasses import dataclass

from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int


def parse_rate(rate: str) -> Rate:
    match = _RATE.match(rate.strip())
    if not match:
        raise ValueError(f"Bad rate {rate!r}; expected e.g. '5/m' or '1/30s'.")
    count, multiplier, unit = match.groups()
    return Rate(limit=int(count), period=int(multiplier or 1) * _UNITS[unit])


def hit(scope: str, key: str, rate: str) -> bool:
    """Count one attempt of ``key`` in ``scope``; False when the rate is exceeded."""
    parsed = parse_rate(rate)
    window = int(time.time() // parsed.period)
    cache_key = f"rl:{scope}:{key}:{window}"
    try:
        added = cache.add(cache_key, 1, timeout=parsed.period + 1)
        count = 1 if added else cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=parsed.period + 1)
        count = 1
    except Exception:  # a cache outage must not lock everybody out
        return True
    return count <= parsed.limit


def retry_after(rate: str) -> int:
    """Seconds until the current window ends (for a Retry-After header)."""
    parsed = parse_rate(rate)
    return parsed.period - int(time.time()) % parsed.period


def client_ip(request) -> str:
    """The client address; behind a proxy, the last hop it appended to X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rolling_wait(recent, rate: str, now: float | None = None) -> int:
    """Seconds until one more action fits in a rolling window of ``rate``, given the times
    (datetimes, newest first) of the most recent actions; 0 when it fits now.  For limits
    kept in the database rows themselves (exact, and indifferent to a cache outage)."""
    parsed = parse_rate(rate)
    recent = list(recent)[: parsed.limit]
    if len(recent) < parsed.limit:
        return 0
    now = time.time() if now is None else now
    frees_at = recent[-1].timestamp() + parsed.period
    return max(0, int(frees_at - now) + 1) if frees_at > now else 0
