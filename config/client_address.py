"""The client's address, the same for every rule that counts per address.

The login lockout (django-axes, through AXES_CLIENT_IP_CALLABLE) and the public form's
rate limit both call `client_ip`, so one setting, TRUSTED_PROXY_COUNT, decides for both
whether X-Forwarded-For is believed.

Each reverse proxy appends the address it received the request from to X-Forwarded-For.
Behind N trusted proxies the N-th entry from the right is therefore the address the
outermost trusted proxy saw: the client. Everything to its left was sent by the client
and may be forged. Without trusted proxies (the default) the header is ignored entirely
and REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address as trusted by this deployment; None if there is none (a
    server on a Unix socket without a proxy gives an empty REMOTE_ADDR)."""
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        # Fewer hops than trusted proxies: the request did not come through all of them
        # (or the header is missing), so nothing in it can be trusted.
        return remote
    return _valid(forwarded[-proxies]) or remote
