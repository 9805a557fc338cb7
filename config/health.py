"""/healthz: is the database reachable, and Redis when it is configured.

Answered by `HealthCheckMiddleware`, right after the header-only middleware, so nothing
that needs the database runs before it: with a session cookie the session middleware loads (and,
with SESSION_SAVE_EVERY_REQUEST, save) the session, and the authentication and two-step
middleware would load the user; during a database outage that was a 500, not the 503 the
orchestrator expects. The URL in config/urls.py stays for reverse() and the URL matrix.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: database unreachable", exc_info=True)
        return False
    return True


def _redis_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError:
        logger.warning("health check: redis unreachable", exc_info=True)
        return "error"
    return "ok"


@never_cache
def healthz(request):
    database_ok = _database_ok()
    body = {
        "status": "ok" if database_ok else "error",
        "database": "ok" if database_ok else "error",
        # Redis down degrades background work but the pages keep working.
        "redis": _redis_status(),
    }
    return JsonResponse(body, status=200 if database_ok else 503)


HEALTHZ_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers /healthz before any other middleware touches the session or the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH:
            response = healthz(request)
            # What XFrameOptionsMiddleware, further down, would have added.
            response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
            return response
        return self.get_response(request)
