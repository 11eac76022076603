from ops.cache import ResilientRedisCache


def test_an_unreachable_redis_cache_degrades_to_misses():
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("k", 1)
    assert cache.add("k", 1) is False
    assert cache.incr("k") is None
    cache.delete("k")
