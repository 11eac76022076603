"""Where a page's time goes: profile one page, warm, in-process, against the configured database.

    python bench/profile_page.py /projects/ [--user staff] [--requests 20] [--cold] [--sort cumulative]
        [--top 30] [--match REGEX]

Logs the user in (a demo user by default), requests the page once to warm the caches, then
``--requests`` times under cProfile (with ``--cold``, each after a bump of the data version, as
after a write: the page and the aggregates are rendered afresh), and prints the mean time and SQL
queries per request and the top functions. Run it against a seeded database (``make run``'s, or a
``bench/run.py`` one through DATABASE_URL): ``make profile PAGE=/projects/``.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", help="the path, e.g. /projects/")
    parser.add_argument("--user", default="staff", help="username to log in as (none: anonymous)")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--cold", action="store_true", help="bump the data version before each request")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime…)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument(
        "--match",
        default="",
        help="only functions whose file:line(name) matches this regex (e.g. 'templat|selectors')",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nantong_pm.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from core.aggregate_cache import bump_data_version

    client = Client()
    if args.user != "none":
        client.force_login(User.objects.get(username=args.user))
    response = client.get(args.page)
    if response.status_code != 200:
        raise SystemExit(f"{args.page}: HTTP {response.status_code}")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        profiler.enable()
        for _ in range(args.requests):
            if args.cold:
                bump_data_version()
            client.get(args.page)
        profiler.disable()
    elapsed = time.perf_counter() - started
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    print(
        f"{args.page} as {args.user}{' (cold)' if args.cold else ''}: "
        f"{elapsed / args.requests * 1000:.1f} ms per request "
        "(under the profiler), "
        f"{len(queries) / args.requests:.0f} queries and {sql_ms / args.requests:.1f} ms of SQL per request"
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort).print_stats(
        *([args.match] if args.match else []), args.top
    )
    print(out.getvalue())


if __name__ == "__main__":
    main()
