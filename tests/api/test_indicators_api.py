import datetime
from decimal import Decimal

import pytest

from indicators.models import IndicatorLink
from tests.indicators.factories import IndicatorFactory, ObservationFactory
from tests.projects.factories import ProjectFactory


@pytest.fixture
def indicators(department, other_department):
    ours = IndicatorFactory(code="ours", reporting_department=department)
    linked = IndicatorFactory(code="linked", reporting_department=other_department)
    IndicatorLink.objects.create(
        indicator=linked, project=ProjectFactory(code="P05", lead_department=department)
    )
    theirs = IndicatorFactory(code="theirs", reporting_department=other_department)
    for indicator in (ours, linked, theirs):
        ObservationFactory(indicator=indicator, observed_on=datetime.date(2015, 12, 31), value=Decimal("30"))
    return ours, linked, theirs


def test_indicators_and_observations_are_listed_read_only(client, api_token, auth, indicators):
    response = client.get("/api/v1/indicators/", **auth(api_token))
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["results"]}
    assert set(rows) == {"ours", "linked", "theirs"}
    assert rows["linked"]["projects"] == ["P05"]
    assert rows["ours"]["status"] == "overdue"
    observations = client.get("/api/v1/indicator-observations/?indicator=ours", **auth(api_token)).json()
    assert [(o["indicator"], o["observed_on"], o["value"]) for o in observations["results"]] == [
        ("ours", "2015-12-31", "30.0000")
    ]
    assert client.post("/api/v1/indicators/", {}, **auth(api_token)).status_code == 405


def test_a_department_token_sees_its_own_and_linked_indicators(client, scoped_token, auth, indicators):
    codes = [row["code"] for row in client.get("/api/v1/indicators/", **auth(scoped_token)).json()["results"]]
    assert sorted(codes) == ["linked", "ours"]
    observations = client.get("/api/v1/indicator-observations/", **auth(scoped_token)).json()["results"]
    assert sorted(o["indicator"] for o in observations) == ["linked", "ours"]


def test_without_a_token_nothing(client, indicators):
    assert client.get("/api/v1/indicators/").status_code in (401, 403)


@pytest.mark.parametrize("url", ["/api/v1/indicators/", "/api/v1/indicator-observations/"])
def test_query_count_does_not_grow(client, api_token, auth, db, url, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            indicator = IndicatorFactory()
            ObservationFactory(indicator=indicator)
            IndicatorLink.objects.create(indicator=indicator, project=ProjectFactory())

    make(2)
    with django_assert_max_num_queries(6):
        client.get(url, **auth(api_token))
    make(15)
    with django_assert_max_num_queries(6):
        client.get(url, **auth(api_token))
