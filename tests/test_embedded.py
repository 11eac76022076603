"""The embedded stack survives a part stopping: the launcher restarts an exited child with backoff
while the others keep running, Ctrl-C stops all, the embedded Redis keeps its queue across a crash,
and the Django cache uses the embedded Redis too (issue 23)."""

import signal
import time

import pytest
import redis

from ops.cache import ResilientRedisCache, redis_cache_location
from ops.embedded import (
    FIRST_BACKOFF,
    HEALTHY_AFTER,
    MAX_BACKOFF,
    Child,
    Supervisor,
    start_embedded_redis,
)


class FakeProcess:
    def __init__(self):
        self.returncode = None
        self.terminated = False

    def poll(self):
        return self.returncode

    def exit(self, code):
        self.returncode = code

    def terminate(self):
        self.terminated = True
        self.returncode = -15

    def wait(self, timeout=None):
        return self.returncode


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def stack():
    clock, lines, started = FakeClock(), [], {"web server": [], "worker": [], "redis": []}

    def starter(name):
        def start():
            process = FakeProcess()
            started[name].append(process)
            return process

        return start

    children = [Child(name, starter(name)) for name in started]
    supervisor = Supervisor(children, log=lines.append, clock=clock)
    supervisor.start_all()
    return supervisor, clock, lines, started


def test_an_exited_worker_is_restarted_after_a_pause_and_the_web_server_keeps_running(stack):
    supervisor, clock, lines, started = stack
    web = started["web server"][0]
    started["worker"][0].exit(1)
    supervisor.check()
    assert lines == [f"worker exited (code 1); restarting it in {FIRST_BACKOFF:g} s"]
    assert len(started["worker"]) == 1
    clock.now += FIRST_BACKOFF
    supervisor.check()
    assert len(started["worker"]) == 2 and lines[-1] == "starting worker again (restart 1)"
    assert started["web server"] == [web] and web.poll() is None


def test_quick_failures_double_the_pause_up_to_a_minute_and_a_healthy_run_resets_it(stack):
    supervisor, clock, lines, started = stack
    pauses = []
    for _ in range(9):
        started["redis"][-1].exit(1)
        supervisor.check()
        pauses.append(float(lines[-1].split(" in ")[1].removesuffix(" s")))
        clock.now += pauses[-1]
        supervisor.check()
    assert pauses == [1, 2, 4, 8, 16, 32, 60, 60, 60] and MAX_BACKOFF == 60
    clock.now += HEALTHY_AFTER
    started["redis"][-1].exit(0)
    supervisor.check()
    assert lines[-1] == f"redis exited (code 0); restarting it in {FIRST_BACKOFF:g} s"


def test_a_child_that_cannot_start_is_tried_again(stack):
    supervisor, clock, lines, started = stack

    def broken():
        raise RuntimeError("embedded Redis did not start")

    child = supervisor.children[2]
    child.start, child.process = broken, None
    child.restart_at = clock.now
    supervisor.check()
    assert "redis did not start (embedded Redis did not start); restarting it in" in lines[-1]


def test_stop_all_stops_every_child(stack):
    supervisor, _clock, _lines, started = stack
    supervisor.stop_all()
    assert all(processes[-1].terminated for processes in started.values())


def _client(var_dir):
    client = redis.Redis(unix_socket_path=str(var_dir / "redis.sock"))
    for _ in range(100):
        try:
            client.ping()
            return client
        except redis.ConnectionError:
            time.sleep(0.05)
    raise AssertionError("embedded Redis does not answer")


def test_the_embedded_redis_keeps_queued_messages_across_a_crash(tmp_path):
    var_dir = tmp_path / "v"
    process, url = start_embedded_redis(var_dir)
    try:
        client = _client(var_dir)
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        assert client.config_get("appendfsync") == {"appendfsync": "everysec"}
        assert client.config_get("save") == {"save": "60 1"}
        client.rpush("celery", "a queued build")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert (var_dir / "redis.aof").exists()
    process, _url = start_embedded_redis(var_dir)
    try:
        assert _client(var_dir).lrange("celery", 0, -1) == [b"a queued build"]
    finally:
        process.terminate()
        process.wait()


@pytest.mark.parametrize(
    "broker, cache",
    [
        ("redis+socket:///srv/var/redis.sock", "unix:///srv/var/redis.sock?db=0"),
        ("redis+socket:///srv/var/redis.sock?virtual_host=3", "unix:///srv/var/redis.sock?db=3"),
        ("redis://127.0.0.1:6379/2", "redis://127.0.0.1:6379/2"),
        ("memory://", None),
    ],
)
def test_the_cache_uses_the_brokers_redis_embedded_or_not(broker, cache):
    assert redis_cache_location(broker) == cache


def test_the_cache_reaches_the_embedded_redis(tmp_path):
    var_dir = tmp_path / "v"
    process, url = start_embedded_redis(var_dir)
    try:
        _client(var_dir)
        cache = ResilientRedisCache(redis_cache_location(url), {"OPTIONS": {"socket_timeout": 1}})
        cache.set("aggregate", {"projects": 15})
        assert cache.get("aggregate") == {"projects": 15}
    finally:
        process.terminate()
        process.wait()
