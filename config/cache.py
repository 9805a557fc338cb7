"""A Redis cache that treats an outage as a miss, so pages keep working without Redis."""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _degrading(name, fallback):
    method = getattr(RedisCache, name)

    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError:
            logger.warning("cache %s failed: Redis unreachable; treated as a miss", name)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    """Reads answer the default, writes are dropped, counters start again.

    `incr`/`decr` have no sensible fallback (callers rely on the number), so they
    still raise ValueError like a missing key does.
    """

    get = _degrading("get", _default)
    get_many = _degrading("get_many", lambda keys, *a, **k: {})
    has_key = _degrading("has_key", False)
    set = _degrading("set", None)
    add = _degrading("add", False)
    touch = _degrading("touch", False)
    set_many = _degrading("set_many", lambda data, *a, **k: list(data))
    delete = _degrading("delete", False)
    delete_many = _degrading("delete_many", None)
    clear = _degrading("clear", False)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.add(key, value, timeout=timeout, version=version)
        return value

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            raise ValueError(f"Key '{key}' not found (Redis unreachable)") from exc

    def decr(self, key, delta=1, version=None):
        try:
            return super().decr(key, delta, version)
        except RedisError as exc:
            raise ValueError(f"Key '{key}' not found (Redis unreachable)") from exc
