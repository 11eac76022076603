"""Load test (not part of the test suite): N concurrent users for S seconds against a running site
(``make prod-local``: gunicorn + PostgreSQL + Redis), mixing the dashboard, lists, project pages and
evaluators saving score drafts. Prints the error count and latency percentiles.

    # once, in the database the site uses (adds load-test evaluators and their assessments):
    DATABASE_URL=... .venv/bin/python bench/load_test.py --setup
    .venv/bin/python bench/load_test.py --base-url http://127.0.0.1:8000 --users 50 --seconds 60

Readers log in as the demo accounts (``seed_demo``; password nantong-demo-2026). Each evaluator
user saves drafts on an assessment of its own, so the only 409 conflicts would be real bugs.
Stdlib only: one thread, one cookie jar per user.
"""

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DEMO_PASSWORD = "nantong-demo-2026"
READERS = ["admin", "staff", "leader", "liaison", "liaison2"]
EVALUATORS = 10  # of every 50 users
READER_PAGES = [
    "/dashboard/",
    "/projects/",
    "/projects/pipeline/",
    "/projects/budget/",
    "/projects/plans/",
    "/projects/timeline/",
    "/reports/",
    "/notifications/",
]


def setup() -> None:
    """Load-test evaluators (load-eval-N) with one declared assessment each, in an open cycle."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nantong_pm.settings")
    import django

    django.setup()
    import datetime

    from accounts.models import Role, User
    from demo.seed_templates import seed_indicator_templates
    from evaluations.models import Assessment, IndicatorTemplate
    from evaluations.services import assessment_assign, assessment_declare_no_conflict, cycle_open
    from organisation.models import Agency
    from projects.models import Project

    seed_indicator_templates()
    office = User.objects.filter(role=Role.OFFICE_ADMIN).first()
    template = IndicatorTemplate.objects.filter(family="external").order_by("-version").first()
    from evaluations.models import AssessmentCycle

    cycle = AssessmentCycle.objects.filter(name="压力测试周期").first() or cycle_open(
        name="压力测试周期", kind="annual", year=2099, template=template, by=office
    )
    projects = list(Project.objects.order_by("pk")[:EVALUATORS])
    for number, project in enumerate(projects, start=1):
        agency, _ = Agency.objects.get_or_create(
            code=f"load-{number}", defaults={"name": f"压力测试机构{number}"}
        )
        user = User.objects.filter(username=f"load-eval-{number}").first()
        if user is None:
            user = User.objects.create_user(
                username=f"load-eval-{number}", password=DEMO_PASSWORD, role=Role.EVALUATOR, agency=agency
            )
        if not Assessment.objects.filter(cycle=cycle, agency=agency).exists():
            assessment = assessment_assign(
                cycle=cycle,
                project=project,
                agency=agency,
                due_on=datetime.date(2099, 12, 31),
                by=office,
                notify=False,
            )
            assessment_declare_no_conflict(assessment=assessment, by=user, declared=True)
    print(f"load test: {len(projects)} evaluators with an assessment each in cycle {cycle.pk}")


class User:
    def __init__(self, base_url: str, results: list, lock: threading.Lock):
        self.base_url = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.results = results
        self.lock = lock

    def request(self, path: str, data: dict | None = None, *, record: bool = True) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        status, text = 0, ""
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=30) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        if record:
            with self.lock:
                self.results.append((path.split("?")[0], status, time.perf_counter() - started))
        return text

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def login(self, username: str) -> None:
        self.request("/accounts/login/", record=False)
        self.request(
            "/accounts/login/",
            {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            record=False,
        )


def reader(user: User, username: str, until: float) -> None:
    user.login(username)
    project_ids = re.findall(r'href="/projects/(\d+)/"', user.request("/projects/"))
    while time.monotonic() < until:
        if project_ids and random.random() < 0.4:
            user.request(f"/projects/{random.choice(project_ids)}/")
        else:
            user.request(random.choice(READER_PAGES))
        time.sleep(random.uniform(0.2, 1.0))


def evaluator(user: User, number: int, until: float) -> None:
    user.login(f"load-eval-{number}")
    portal = user.request("/evaluations/")
    assessment = re.findall(r'href="/evaluations/assessments/(\d+)/"', portal)[0]
    while time.monotonic() < until:
        page = user.request(f"/evaluations/assessments/{assessment}/")
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        leaves = re.findall(r'name="score_(\d+)"', page)
        data = {f"score_{leaf}": random.choice(["0", "1", ""]) for leaf in leaves}
        data |= {"version": version, "action": "save", "csrfmiddlewaretoken": user.csrf()}
        user.request(f"/evaluations/assessments/{assessment}/save/", data)
        time.sleep(random.uniform(0.5, 1.5))


def run(base_url: str, users: int, seconds: int) -> int:
    results: list = []
    lock = threading.Lock()
    until = time.monotonic() + seconds
    evaluators = users * EVALUATORS // 50
    threads = []
    for index in range(users):
        user = User(base_url, results, lock)
        if index < evaluators:
            target = (evaluator, (user, index % EVALUATORS + 1, until))
        else:
            target = (reader, (user, READERS[index % len(READERS)], until))
        threads.append(threading.Thread(target=target[0], args=target[1], daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(duration for _, _, duration in results)
    errors = [(path, status) for path, status, _ in results if not 200 <= status < 400]
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    print(f"{users} users, {seconds} s, {base_url}")
    print(f"requests: {len(results)} ({len(results) / seconds:.1f}/s), errors: {len(errors)}")
    print(
        f"latency ms: p50 {quantiles[49] * 1000:.0f}, p95 {quantiles[94] * 1000:.0f}, "
        f"p99 {quantiles[98] * 1000:.0f}, max {latencies[-1] * 1000:.0f}"
    )
    saves = sum(1 for path, status, _ in results if path.endswith("/save/") and status == 200)
    print(f"score drafts saved: {saves}")
    for (path, status), count in sorted({e: errors.count(e) for e in errors}.items()):
        print(f"  error {status} {path}: {count}")
    return len(errors)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--setup", action="store_true", help="add the load-test evaluators and exit")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    sys.exit(1 if run(args.base_url, args.users, args.seconds) else 0)


if __name__ == "__main__":
    main()
