"""The SQL queries of each main page do not grow with the portfolio: the same at 15 and 500 projects."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.scale import delete_generated, seed_scale
from projects.models import Project

PAGES = [
    ("dashboard", "office_staff", "/dashboard/"),
    ("portfolio list", "office_staff", "/projects/"),
    ("project detail", "office_staff", "/projects/{sample}/"),
    ("portfolio budget", "office_staff", "/projects/budget/"),
    ("evaluator portal", "evaluator", "/evaluations/"),
]


def page_queries(client, users, size: int) -> dict[str, tuple[int, int]]:
    """Each page's queries cold (nothing cached) and warm (the same request again: the page cache)."""
    delete_generated()
    seed_scale(projects=size)
    caches["aggregates"].clear()
    sample = Project.objects.get(code="G00008").pk
    counts = {}
    for name, role, url in PAGES:
        client.force_login(users[role])
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url.format(sample=sample))
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss", name
        with CaptureQueriesContext(connection) as warm:
            response = client.get(url.format(sample=sample))
        assert response.status_code == 200 and response["X-Page-Cache"] == "hit", name
        counts[name] = (len(cold), len(warm))
    return counts


@pytest.mark.django_db
def test_page_queries_are_the_same_at_15_and_500_projects(client, users):
    few = page_queries(client, users, 15)
    many = page_queries(client, users, 500)

    assert many == few
    assert max(cold for cold, _warm in few.values()) <= 25
    # A warm page asks the database nothing: the session, the signed-in user and the page come
    # from the shared cache.
    assert {warm for _cold, warm in few.values()} == {0}


def test_a_cached_dashboard_is_invalidated_by_a_write(client, users, office_staff):
    from tests.projects.factories import ProblemFactory

    seed_scale(projects=15)
    client.force_login(office_staff)
    with CaptureQueriesContext(connection) as cold:
        first = client.get("/dashboard/")
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/dashboard/")["X-Page-Cache"] == "hit"
    assert len(warm) < len(cold)

    ProblemFactory(project=Project.objects.get(code="G00001"), severity="critical", status="open")
    second = client.get("/dashboard/")

    serious = first.context["overview"].headline.open_serious_problems
    assert second.context["overview"].headline.open_serious_problems == serious + 1
