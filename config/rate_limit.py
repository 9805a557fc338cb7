"""Rate limits per client address that hold behind a proxy and without Redis.

Counted in the cache with django-ratelimit (fixed windows). When the cache cannot count
(Redis down: ResilientRedisCache turns the failure into a miss, so django-ratelimit gets
no number back) the caller's `fallback` counts in the database instead: the limit is
never silently open, and applicants can still apply while Redis is down.

Imported by the settings (parse_rate), so nothing here imports models at module level.
"""

import datetime
import ipaddress
import re
import time

from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_rate(text: str) -> tuple[int, int]:
    """ "10/600" -> (10, 600): at most 10 per 600 seconds. A bad value stops the start-up."""
    match = _RATE.match(str(text))
    if not match or int(match[1]) < 1 or int(match[2]) < 1:
        raise ImproperlyConfigured(
            f"rate limit {text!r}: expected COUNT/SECONDS with both at least 1, e.g. 10/600"
        )
    return int(match[1]), int(match[2])


def client_key(group, request) -> str:
    """The counted address: IPv6 clients usually hold a whole /64, so count that."""
    from config.client_address import client_ip

    address = client_ip(request)
    if address is None:
        return "unknown"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


def is_limited(request, *, group: str, rate: tuple[int, int], fallback) -> bool:
    """Count this request; True once the address is over `rate` in the current window.

    `fallback(key=..., expires_at=...)` returns the count after adding this request,
    kept somewhere other than the cache; it is called only when the cache cannot count.
    """
    from django_ratelimit.core import get_usage

    usage = get_usage(request, group=group, key=client_key, rate=rate, increment=True)
    # With RATELIMIT_FAIL_OPEN off (the default) a cache that could not count is reported
    # as limit 0; a real rate has a limit of at least 1 (parse_rate).
    if usage["limit"]:
        return usage["should_limit"]
    limit, seconds = rate
    now = int(time.time())
    window = now - now % seconds
    # An address is personal data: the database keeps only a keyed hash of it.
    key = salted_hmac(
        "config.rate_limit", f"{group}|{limit}/{seconds}|{client_key(group, request)}|{window}"
    ).hexdigest()
    expires_at = datetime.datetime.fromtimestamp(window + seconds, tz=datetime.UTC)
    return fallback(key=key, expires_at=expires_at) > limit
