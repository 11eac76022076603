"""Benchmark (not a test): build time of the monthly report for the 15 seeded projects and for
2,000 generated projects, in a throwaway SQLite database.

    .venv/bin/python bench/report_build.py [--repeat 3]
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sample_data import add_execution, generate_projects, setup_throwaway_django  # noqa: E402


def time_monthly(period: str, repeat: int) -> tuple[float, int, int]:
    import io

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from reports.models import ReportKind
    from reports.rendering import render_report_pdf

    timings = []
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            content = render_report_pdf(kind=ReportKind.MONTHLY, parameters={"period": period})
            timings.append(time.perf_counter() - started)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    return statistics.median(timings), pages, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    var_dir = setup_throwaway_django()
    from projects.models import Project

    today = datetime.date.today()
    period = today.strftime("%Y-%m")
    add_execution(today=today)
    print(f"throwaway database in {var_dir}")
    for count in (15, 2000):
        if count > Project.objects.count():
            generate_projects(count)
            from projects.models import BudgetLine, Milestone, Problem

            BudgetLine.objects.all().delete()
            Milestone.objects.all().delete()
            Problem.objects.all().delete()
            add_execution(today=today)
        seconds, pages, queries = time_monthly(period, args.repeat)
        print(
            f"monthly report, {Project.objects.count():>5} projects: median {seconds:6.2f} s "
            f"of {args.repeat} builds, {pages} pages, {queries} queries"
        )


if __name__ == "__main__":
    main()
