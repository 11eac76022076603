"""A Redis cache that degrades to misses when Redis is unreachable, so a Redis outage slows pages
(sessions fall back to the database, aggregates are recomputed) instead of breaking them."""

import logging
from urllib.parse import parse_qs, urlsplit

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


def redis_cache_location(redis_url: str) -> str | None:
    """The cache's address for the broker's REDIS_URL: a TCP Redis as it is, the embedded Redis's
    unix socket (Celery's ``redis+socket:///path?virtual_host=N``) as redis-py's ``unix:///path?db=N``;
    None for anything else (no shared cache)."""
    if redis_url.startswith(("redis://", "rediss://")):
        return redis_url
    if redis_url.startswith("redis+socket://"):
        parts = urlsplit(redis_url)
        database = parse_qs(parts.query).get("virtual_host", ["0"])[0] or "0"
        return f"unix://{parts.path}?db={database}"
    return None


class ReusedClientRedisCacheClient(RedisCacheClient):
    """One redis-py client per connection pool, kept, where Django builds a new one for every
    operation: building a client fills its table of ~170 response callbacks, which cost more than the
    round trip of a small GET (a third of a cached page's Redis time, measured with
    ``make profile``). A redis-py client is safe to share between threads; its pool reconnects after
    a fork."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        client = self._clients.get(write)
        if client is None:
            client = self._clients[write] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _quietly(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except OUTAGE as error:
            logger.warning("cache %s skipped, Redis unreachable: %s", operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._quietly("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._quietly("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._quietly("has_key", False, key, version)

    def set(self, key, value, timeout=None, version=None):
        return self._quietly("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._quietly("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._quietly("set_many", list(data), data, timeout, version)

    def delete(self, key, version=None):
        return self._quietly("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._quietly("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._quietly("incr", None, key, delta, version)

    def touch(self, key, timeout=None, version=None):
        return self._quietly("touch", False, key, timeout, version)
