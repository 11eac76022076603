"""Run by bench/run.py against one benchmark database (DATABASE_URL in the environment): log the
benchmark users in, pick the URLs, and count the SQL queries of each page in-process. Prints JSON."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nantong_pm.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role, User
    from projects.models import DataOrigin, Project

    staff = User.objects.filter(role=Role.OFFICE_STAFF, is_active=True).order_by("pk").first()
    evaluator = (
        User.objects.filter(role=Role.EVALUATOR, is_active=True, agency__isnull=False).order_by("pk").first()
    )
    projects = Project.objects.order_by("code")
    # The same project at every N (the first seeded one, with the demo's budget, milestones and
    # assessments), so that its page's queries compare across sizes.
    sample = projects.exclude(origin=DataOrigin.GENERATED).first()
    pages = {
        "floor (/healthz)": ("/healthz", None),
        "dashboard": ("/dashboard/", staff),
        "portfolio list": ("/projects/", staff),
        "project detail": (f"/projects/{sample.pk}/", staff),
        "portfolio budget": ("/projects/budget/", staff),
        "evaluator portal": ("/evaluations/", evaluator),
        # The public window, anonymous and cached (issue 21): the part the whole city can reach.
        "public home": ("/public/", None),
        "public project": (f"/public/projects/{sample.pk}/", None),
        "public indicators": ("/public/indicators/", None),
    }
    # The API list, read by a system with its own token (as Redmine's projects.json is read by key).
    from api.models import ApiClient
    from api.services import api_client_create

    ApiClient.objects.filter(name="bench").delete()
    _api_client, token = api_client_create(name="bench")
    pages["API project list"] = ("/api/v1/projects/", None)
    headers = {"API project list": {"Authorization": f"Token {token}"}}
    result = {"projects": projects.count(), "pages": {}}
    for name, (url, user) in pages.items():
        client = Client(headers=headers.get(name, {}))
        if user is not None:
            client.force_login(user)
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} as {user}: HTTP {response.status_code}")
            counts.append(len(queries))
        result["pages"][name] = {
            "url": url,
            # What a browser sends on its next visit: every cookie it was given (the session, the
            # CSRF cookie).
            "cookie": "; ".join(f"{key}={morsel.value}" for key, morsel in client.cookies.items()),
            "headers": headers.get(name, {}),
            "queries": counts,
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
