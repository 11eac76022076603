"""Load benchmark on PostgreSQL and Redis: pages against the framework's floor, and the monthly PDF.

    python bench/run.py [--sizes 15,2000,10000] [--duration 10] [--connections 4] [--reuse]

For each size N it creates the database ``nantong_bench_N`` on PostgreSQL (``--pg``, default
postgres@127.0.0.1:5432), migrates and seeds it (the 15 seeded projects and the demo users, then
``seed_scale`` up to N projects), counts the SQL queries of each page in-process (bench/probe.py),
serves the site with gunicorn (2 workers) on a free local port and drives every page with wrk from
a second process, logged in as the demo office staff / evaluator. Then it builds the monthly PDF
report and measures its time and peak memory. Unless ``--no-redmine``, it then runs Redmine 5.0.4
from Debian beside it in the same run (``../shared/peers/redmine/``: install, seed the same N,
the same wrk load) and prints the ratio of each page to Redmine's equivalent page. The Markdown
table goes to bench/results/ and stdout. Needs ``wrk`` (apt-get install wrk) and the PostgreSQL
client tools (createdb, dropdb).
"""

import argparse
import datetime
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import redis as redis_client

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS_DIR = BASE_DIR / "bench" / "results"
SEEDED_PROJECTS = 15
# Issue 23's targets: every office page and the API at least 0.25× the floor, the public pages
# (cached for everyone) 0.5×; p95 ≤ 150 ms at 10,000 projects; the monthly PDF ≤ 3 s at 15 and
# ≤ 30 s at 10,000 projects, ≤ 512 MiB.
TARGET_FLOOR_RATIO = 0.25
TARGET_PUBLIC_FLOOR_RATIO = 0.5
TARGET_P95_MS = 150
TARGET_PDF_SECONDS = {15: 3, 10000: 30}
TARGET_PDF_MIB = 512
REDMINE_PEER = BASE_DIR.parent / "shared" / "peers" / "redmine"
# Our page → Redmine's equivalent, as the peer's bench.sh names them.
REDMINE_EQUIVALENTS = {
    "portfolio list": ("list", "project list"),
    "project detail": ("overview", "project overview"),
    "API project list": ("json", "projects.json"),
}
# Issue 23 sets it at 2,000 projects (and so at every larger portfolio); at 15 the ratio is shown
# without a verdict.
TARGET_REDMINE_RATIO = 10
TARGET_REDMINE_FROM = 2000


PUBLISH_FOR_BENCH = """
from indicators.models import Indicator
from projects.models import DataOrigin, Project
from public.models import ProjectPublication
for project in Project.objects.exclude(origin=DataOrigin.GENERATED):
    ProjectPublication.objects.update_or_create(
        project=project, defaults={"is_public": True, "summary": "基准测试用的公开说明。"}
    )
Indicator.objects.update(is_public=True)
"""


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=BASE_DIR, check=True, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(
    size: int, *, pg: str, redis: str, reuse: bool, var_dir: Path, db_prefix: str
) -> tuple[dict, float]:
    name = f"{db_prefix}_{size}"
    host, port, user = pg
    pg_args = ["-h", host, "-p", port, "-U", user]
    if not reuse:
        subprocess.run(["dropdb", *pg_args, "--if-exists", name], check=True)
    exists = subprocess.run(["psql", *pg_args, "-lqt"], check=True, capture_output=True, text=True).stdout
    if not any(line.split("|")[0].strip() == name for line in exists.splitlines()):
        subprocess.run(["createdb", *pg_args, name], check=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{user}@{host}:{port}/{name}",
        "REDIS_URL": redis,
        "DEBUG": "false",
        "NANTONG_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "nantong_pm.settings",
    }
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "seed_demo"], env, stdout=subprocess.DEVNULL)
    run([*manage, "seed_indicators"], env, stdout=subprocess.DEVNULL)
    # The public window (issue 21): the seeded projects and the indicators published, as the office would.
    run([*manage, "shell", "-c", PUBLISH_FOR_BENCH], env, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    if size > SEEDED_PROJECTS:
        run([*manage, "seed_scale", "--projects", str(size - SEEDED_PROJECTS)], env)
    seconds = time.perf_counter() - started
    # The cached dashboard of another size must not answer for this one.
    redis_client.Redis.from_url(redis).flushdb()
    return env, seconds


def start_gunicorn(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "nantong_pm.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env=env,
        cwd=BASE_DIR,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


def wrk(url: str, cookie: str, *, duration: int, connections: int, headers: dict | None = None) -> dict:
    args = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-s",
        str(BASE_DIR / "bench" / "latency.lua"),
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], check=True, capture_output=True, text=True).stdout
    figures = dict(re.findall(r"^bench (\w+) (\d+)$", output, flags=re.MULTILINE))
    requests = int(figures["requests"])
    none_answered = float("inf")  # not one answer within the run: slower than the whole run
    return {
        "rps": requests / (int(figures["duration_us"]) / 1e6),
        "p50_ms": int(figures["p50_us"]) / 1000 if requests else none_answered,
        "p95_ms": int(figures["p95_us"]) / 1000 if requests else none_answered,
        "non2xx": int(figures["non2xx"]),
    }


def warm_up(url: str, cookie: str, headers: dict) -> None:
    """One request, however long it takes, so that the timed load meets the page warm (cached)."""
    cookies = {"Cookie": cookie} if cookie else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers={**headers, **cookies}), timeout=300):
        pass


def measure_pages(env: dict, *, duration: int, connections: int) -> tuple[int, dict]:
    probe = json.loads(run([PYTHON, "bench/probe.py"], env, capture_output=True, text=True).stdout)
    server, base = start_gunicorn(env)
    try:
        figures = {}
        for name, page in probe["pages"].items():
            url, load = base + page["url"], {"connections": connections, "headers": page["headers"]}
            warm_up(url, page["cookie"], page["headers"])
            wrk(url, page["cookie"], duration=1, **load)
            measured = wrk(url, page["cookie"], duration=duration, **load)
            figures[name] = {**measured, "queries": page["queries"]}
    finally:
        server.terminate()
        server.wait(timeout=30)
    return probe["projects"], figures


def measure_monthly_pdf(env: dict, var_dir: Path) -> tuple[float, float]:
    period = datetime.date.today().strftime("%Y-%m")
    started = time.perf_counter()
    build = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "build_report",
            "monthly",
            "--period",
            period,
            "--output",
            str(var_dir / "monthly.pdf"),
        ],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(build.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit("build_report monthly failed")
    return seconds, usage.ru_maxrss / 1024


def _milliseconds(text: str) -> float:
    """wrk's latency text (850.12us, 347.12ms, 1.02s) in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def measure_redmine(size: int, *, duration: int, connections: int) -> dict:
    """Redmine with ``size`` projects under the same wrk load as our pages (one thread, the same
    connections, a one-second warm-up). Run after our server has stopped, so they never share the
    cores."""
    env = {**os.environ, "WRK_THREADS": "1", "WRK_CONNS": str(connections), "WARMUP": "1", "SEQ": "5"}
    port = free_port()
    subprocess.run([REDMINE_PEER / "install.sh"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([REDMINE_PEER / "start.sh", str(port)], env=env, check=True)
    try:
        subprocess.run([REDMINE_PEER / "seed.sh", str(size)], env=env, check=True, stdout=subprocess.DEVNULL)
        output = subprocess.run(
            [REDMINE_PEER / "bench.sh", str(port), str(duration)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        subprocess.run([REDMINE_PEER / "stop.sh"], env=env, check=False)
    figures = {}
    for line in output.splitlines():
        fields = line.split()
        if fields and fields[0] in ("list", "overview", "json"):
            figures[fields[0]] = {"rps": float(fields[1]), "p50_ms": _milliseconds(fields[2])}
    return figures


def verdict(ok: bool) -> str:
    return "✓" if ok else "✗"


def markdown(results: list[dict], *, duration: int, connections: int) -> str:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        f"Benchmark of {datetime.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
        f"({os.cpu_count()} cores, {memory_gib:.0f} GiB), PostgreSQL + Redis, gunicorn 2 sync workers, "
        f"wrk 1 thread × {connections} connections × {duration} s per page. Target: "
        f"≥ {TARGET_FLOOR_RATIO}× the floor ({TARGET_PUBLIC_FLOOR_RATIO}× for the public pages), "
        f"p95 ≤ {TARGET_P95_MS} ms at 10,000 projects, no error.",
        "",
        "| N | page | req/s | × floor | p50 ms | p95 ms | queries (cold/warm) | target |",
        "|---:|---|---:|---:|---:|---:|---:|:---:|",
    ]
    for result in results:
        size, floor = result["projects"], result["pages"]["floor (/healthz)"]["rps"]
        for name, page in result["pages"].items():
            ratio = page["rps"] / floor
            public = name.startswith("public ")
            checks = [ratio >= (TARGET_PUBLIC_FLOOR_RATIO if public else TARGET_FLOOR_RATIO)]
            if result["size"] >= 10000:
                checks.append(page["p95_ms"] <= TARGET_P95_MS)
            checks.append(page["non2xx"] == 0 and page["rps"] > 0)
            lines.append(
                f"| {size} | {name} | {page['rps']:.0f} | {ratio:.2f} | {page['p50_ms']:.1f} "
                f"| {page['p95_ms']:.1f} | {'/'.join(map(str, page['queries']))} | {verdict(all(checks))} |"
            )
    lines += [
        "",
        f"Monthly PDF target: ≤ {TARGET_PDF_SECONDS[15]} s at 15 projects, ≤ {TARGET_PDF_SECONDS[10000]} s "
        f"at 10,000, ≤ {TARGET_PDF_MIB} MiB.",
        "",
        "| N | seed_scale s | monthly PDF s | monthly PDF peak MiB | target |",
        "|---:|---:|---:|---:|:---:|",
    ]
    for result in results:
        limit = TARGET_PDF_SECONDS.get(result["size"])
        ok = result["pdf_mib"] <= TARGET_PDF_MIB and (limit is None or result["pdf_seconds"] <= limit)
        lines.append(
            f"| {result['projects']} | {result['seed_seconds']:.0f} | {result['pdf_seconds']:.1f} "
            f"| {result['pdf_mib']:.0f} | {verdict(ok)} |"
        )
    if any(result.get("redmine") for result in results):
        lines += [
            "",
            f"Side by side with Redmine 5.0.4 (Debian, SQLite, puma 2×5), the same wrk load "
            f"(1 thread × {connections} connections × {duration} s), in this run:",
            "",
            f"| N | our page | req/s (p50 ms) | Redmine page | req/s (p50 ms) | ratio "
            f"| target ≥ {TARGET_REDMINE_RATIO}× from N = {TARGET_REDMINE_FROM:,} |",
            "|---:|---|---:|---|---:|---:|:---:|",
        ]
        for result in results:
            for ours, (key, label) in REDMINE_EQUIVALENTS.items():
                page, peer = result["pages"][ours], result["redmine"][key]
                ratio = page["rps"] / peer["rps"]
                judged = result["size"] >= TARGET_REDMINE_FROM
                lines.append(
                    f"| {result['projects']} | {ours} | {page['rps']:.0f} ({page['p50_ms']:.0f}) | {label} "
                    f"| {peer['rps']:.1f} ({peer['p50_ms']:.0f}) | {ratio:.1f}× "
                    f"| {verdict(ratio >= TARGET_REDMINE_RATIO) if judged else '–'} |"
                )
    queries = {name: {tuple(r["pages"][name]["queries"]) for r in results} for name in results[0]["pages"]}
    steady = all(len(counts) == 1 for counts in queries.values())
    lines += ["", f"Queries per page the same at every N: {'yes' if steady else 'NO'}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="15,2000,10000", help="comma-separated project counts")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4, help="concurrent wrk connections")
    parser.add_argument("--pg", default="127.0.0.1:5432:postgres", help="host:port:user of PostgreSQL")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9", help="Redis URL (its own db number)")
    parser.add_argument("--db-prefix", default="nantong_bench", help="databases are named <prefix>_N")
    parser.add_argument("--reuse", action="store_true", help="keep an existing <prefix>_N database")
    parser.add_argument("--no-redmine", action="store_true", help="skip the Redmine peer (../shared/peers)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    pg = tuple(args.pg.split(":"))
    var_dir = Path(tempfile.mkdtemp(prefix="nantong-bench-"))
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], {**os.environ, "DEBUG": "false"})
    results = []
    for size in sizes:
        print(f"== N = {size}", flush=True)
        env, seed_seconds = prepare_database(
            size, pg=pg, redis=args.redis, reuse=args.reuse, var_dir=var_dir, db_prefix=args.db_prefix
        )
        projects, pages = measure_pages(env, duration=args.duration, connections=args.connections)
        pdf_seconds, pdf_mib = measure_monthly_pdf(env, var_dir)
        redmine = {}
        if not args.no_redmine:
            redmine = measure_redmine(size, duration=args.duration, connections=args.connections)
        results.append(
            {
                "size": size,
                "projects": projects,
                "pages": pages,
                "seed_seconds": seed_seconds,
                "pdf_seconds": pdf_seconds,
                "pdf_mib": pdf_mib,
                "redmine": redmine,
            }
        )
    table = markdown(results, duration=args.duration, connections=args.connections)
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{datetime.datetime.now():%Y-%m-%d-%H%M}.md"
    path.write_text(table, encoding="utf-8")
    print(table)
    print(f"written to {path.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
