import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import IndicatorLink, Observation
from tests.indicators.factories import IndicatorFactory, ObservationFactory
from tests.indicators.test_services import workbook
from tests.projects.factories import ProjectFactory


@pytest.fixture
def indicator(db, department):
    indicator = IndicatorFactory(code="bus", name="公交到站预报覆盖率", reporting_department=department)
    ObservationFactory(indicator=indicator, observed_on=datetime.date(2014, 12, 31), value=Decimal("18"))
    ObservationFactory(indicator=indicator, observed_on=datetime.date(2015, 12, 31), value=Decimal("24"))
    return indicator


def test_indicator_page_shows_chart_rule_values_and_projects(client, leadership, indicator):
    project = ProjectFactory(code="P05", name="智慧交通")
    IndicatorLink.objects.create(indicator=indicator, project=project)
    client.force_login(leadership)
    response = client.get(reverse("indicators:detail", args=[indicator.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "stroke-dasharray" in html  # the trend and the dashed target path
    assert "状态如何判定" in html
    assert "P05 智慧交通" in html
    assert "2015-12-31" in html
    assert "录入数值" not in html  # leadership reads only


def test_project_page_lists_its_indicators_with_status(client, office_staff, indicator):
    project = ProjectFactory()
    IndicatorLink.objects.create(indicator=indicator, project=project)
    client.force_login(office_staff)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "公交到站预报覆盖率" in html
    assert 'id="project-indicators-title"' in html


def test_dashboard_panel_lists_off_track_and_overdue(client, leadership, indicator):
    client.force_login(leadership)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert 'id="indicators-title"' in html
    assert "公交到站预报覆盖率" in html  # behind its path (24 < ≈ 30) and years overdue


def test_liaison_enters_a_value_and_a_future_date_is_refused_next_to_the_field(client, liaison, indicator):
    client.force_login(liaison)
    url = reverse("indicators:observation_create", args=[indicator.pk])
    future = datetime.date.today() + datetime.timedelta(days=3)
    response = client.post(
        url, {"observed_on": future.isoformat(), "value": "30", "bound": "exact", "source": "局"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["observed_on"]
    assert indicator.observations.count() == 2
    response = client.post(
        url, {"observed_on": "2016-06-30", "value": "30", "bound": "exact", "source": "局"}
    )
    assert response.status_code == 302
    assert indicator.observations.get(observed_on=datetime.date(2016, 6, 30)).entered_by == liaison


def test_import_preview_then_save(client, office_staff, indicator):
    client.force_login(office_staff)
    url = reverse("indicators:import")
    upload = workbook(("bus", "2016-12-31", "31", "", "市交通运输局", ""))
    response = client.post(url, {"upload": _file(upload)})
    assert response.status_code == 200
    assert response.context["payload"]
    assert indicator.observations.count() == 2  # the preview writes nothing
    response = client.post(url, {"payload": response.context["payload"]})
    assert response.status_code == 302
    assert indicator.observations.count() == 3


def test_import_with_bad_rows_shows_each_error_and_offers_no_save(client, office_staff, indicator):
    client.force_login(office_staff)
    future = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    upload = workbook(
        ("bus", "2016-12-31", "abc", "", "局", ""),
        ("bus", future, "31", "", "局", ""),
        ("bus", "2015-12-31", "25", "", "局", ""),
    )
    response = client.post(reverse("indicators:import"), {"upload": _file(upload)})
    html = response.content.decode()
    assert response.context["payload"] == ""
    assert "数值必须是数字" in html
    assert "日期在未来" in html
    assert "在 2015-12-31 已有数值" in html
    assert Observation.objects.count() == 2


def test_a_tampered_preview_saves_nothing(client, office_staff, indicator):
    client.force_login(office_staff)
    response = client.post(reverse("indicators:import"), {"payload": "forged"})
    assert response.status_code == 302
    assert Observation.objects.count() == 2


@pytest.mark.parametrize("extra", [0, 20])
def test_list_query_count_is_constant(client, leadership, extra, django_assert_max_num_queries):
    for index in range(extra):
        ObservationFactory(indicator=IndicatorFactory(code=f"x{index}"))
    client.force_login(leadership)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("indicators:list")).status_code == 200


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("values.xlsx", content)


def test_a_first_value_is_no_move_a_second_is(db, office_staff):
    from indicators.selectors import indicator_watchlist

    indicator = IndicatorFactory(code="first")
    ObservationFactory(indicator=indicator, observed_on=datetime.date(2015, 12, 31))
    assert indicator_watchlist()["counts"]["moved"] == 0
    ObservationFactory(indicator=indicator, observed_on=datetime.date(2016, 12, 31), value=Decimal("40"))
    [row] = indicator_watchlist()["moved"]
    assert (row.previous_observation.value, row.latest_observation.value) == (Decimal("20"), Decimal("40"))
