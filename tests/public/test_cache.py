"""Public pages are served from the page cache (core/page_cache.py): no template rendered and no
query for a repeated request; any write the pages show renders them afresh."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.services import observation_add
from projects.models import Project, Stage


def pages(world):
    return [
        reverse("public:home"),
        reverse("public:project", args=[world["project"].pk]),
        reverse("public:indicators"),
        reverse("public:indicator", args=[world["indicator"].pk]),
    ]


def test_a_repeated_anonymous_request_renders_no_template_and_asks_no_query(client, public_world):
    for url in pages(public_world):
        first = client.get(url)
        assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
        assert first.templates
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert second.status_code == 200 and second["X-Page-Cache"] == "hit"
        assert second.templates == []
        assert len(queries) == 0, url
        assert second.content == first.content


def test_the_language_is_part_of_the_key(client, public_world, settings):
    url = reverse("public:home")
    assert "智慧交通" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Smart transport" in client.get(url).content.decode()


def test_a_new_value_shows_at_once(client, public_world, office_staff):
    url = reverse("public:indicator", args=[public_world["indicator"].pk])
    client.get(url)
    observation_add(
        indicator=public_world["indicator"],
        by=office_staff,
        observed_on=datetime.date(2016, 12, 31),
        value=Decimal("47.5"),
        source="市交通运输局",
    )
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "47.5" in response.content.decode()


def test_a_write_by_update_in_a_logged_in_request_renders_afresh(client, public_world, office_staff):
    url = reverse("public:home")
    client.get(url)
    Project.objects.filter(pk=public_world["project"].pk).update(stage=Stage.CLOSED)  # no signal
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.force_login(office_staff)
    client.post(reverse("publicity:publication_edit", args=[public_world["project"].pk]), {})
    client.logout()
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("extra", [0, 12])
def test_home_query_count_is_constant(client, public_world, extra, django_assert_max_num_queries):
    from public.models import ProjectPublication
    from tests.indicators.factories import IndicatorFactory, ObservationFactory
    from tests.projects.factories import ProjectFactory

    for index in range(extra):
        project = ProjectFactory(code=f"X{index}")
        ProjectPublication.objects.create(project=project, is_public=True, summary="便民")
        ObservationFactory(indicator=IndicatorFactory(code=f"x{index}", is_public=True))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("public:home")).status_code == 200


def test_public_pages_are_one_page_for_everyone_and_not_private(client, public_world, office_staff):
    url = reverse("public:home")
    anonymous = client.get(url)
    assert anonymous["X-Page-Cache"] == "miss" and "private" not in anonymous.get("Cache-Control", "")
    assert "Cookie" in anonymous["Vary"]  # the language is chosen by a cookie
    client.force_login(office_staff)
    assert client.get(url)["X-Page-Cache"] == "hit"
