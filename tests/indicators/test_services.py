import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import Workbook

from demo.seed_indicators import seed_indicators
from demo.seed_projects import seed_portfolio
from indicators.importing import HEADERS, WorkbookError, read_rows
from indicators.models import Bound, Indicator, IndicatorLink, Observation
from indicators.selectors import indicator_projects, project_indicator_rows
from indicators.services import (
    indicator_save,
    links_set,
    observation_add,
    observations_check,
    observations_import,
)
from indicators.status import Status
from tests.indicators.factories import IndicatorFactory, ObservationFactory
from tests.projects.factories import ProjectFactory


def workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- links ---------------------------------------------------------------------------------


def test_links_are_set_exactly_and_listed_both_ways(db, office_staff):
    transport, health, tourism = (ProjectFactory(code=c) for c in ("P05", "P06", "P07"))
    indicator = indicator_save(
        by=office_staff,
        projects=[transport, health],
        code="bus-arrival",
        name="公交到站预报覆盖率",
        unit="%",
        dimension="public_service",
    )
    assert [link.project.code for link in indicator_projects(indicator=indicator)] == ["P05", "P06"]
    links_set(indicator=indicator, projects=[health, tourism])
    assert [link.project.code for link in indicator_projects(indicator=indicator)] == ["P06", "P07"]
    assert [row.indicator for row in project_indicator_rows(project=tourism)] == [indicator]
    assert project_indicator_rows(project=transport) == []


def test_a_project_page_lists_its_indicators_with_their_status(db):
    project = ProjectFactory()
    on_track = IndicatorFactory(code="a")
    off_track = IndicatorFactory(code="b")
    for indicator in (on_track, off_track):
        IndicatorLink.objects.create(indicator=indicator, project=project)
    ObservationFactory(indicator=on_track, observed_on=datetime.date(2015, 12, 31), value=Decimal("35"))
    ObservationFactory(indicator=off_track, observed_on=datetime.date(2015, 12, 31), value=Decimal("12"))
    rows = project_indicator_rows(project=project, today=datetime.date(2016, 1, 10))
    assert [(row.indicator.code, row.standing.status) for row in rows] == [
        ("a", Status.ON_TRACK),
        ("b", Status.OFF_TRACK),
    ]


def test_only_the_office_defines_indicators(db, liaison):
    with pytest.raises(PermissionDenied):
        indicator_save(by=liaison, code="x", name="x", unit="%", dimension="public_service")


# ---- entering observations ---------------------------------------------------------------------


def test_a_liaison_enters_only_their_own_departments_indicators(db, liaison, other_liaison):
    indicator = IndicatorFactory(reporting_department=liaison.department)
    observation_add(
        indicator=indicator,
        by=liaison,
        observed_on=datetime.date(2015, 6, 30),
        value=Decimal("20"),
        source="局报表",
    )
    with pytest.raises(PermissionDenied):
        observation_add(
            indicator=indicator,
            by=other_liaison,
            observed_on=datetime.date(2015, 7, 31),
            value=Decimal("21"),
            source="局报表",
        )
    assert indicator.observations.count() == 1


def test_a_future_date_and_a_second_value_for_a_date_are_refused(db, office_staff):
    indicator = IndicatorFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        observation_add(indicator=indicator, by=office_staff, observed_on=tomorrow, value=1, source="s")
    assert "日期在未来" in str(future.value.message_dict["observed_on"])
    observation_add(
        indicator=indicator, by=office_staff, observed_on=datetime.date(2015, 1, 1), value=1, source="s"
    )
    with pytest.raises(ValidationError) as duplicate:
        observation_add(
            indicator=indicator, by=office_staff, observed_on=datetime.date(2015, 1, 1), value=2, source="s"
        )
    assert "已有数值" in str(duplicate.value.message_dict["observed_on"])
    assert indicator.observations.count() == 1


# ---- Excel import: every error of a row, all or nothing -----------------------------------------


def test_import_bad_input_lists_every_error_and_saves_nothing(db, office_staff):
    indicator = IndicatorFactory(code="egress", unit="Gbit/s")
    ObservationFactory(indicator=indicator, observed_on=datetime.date(2014, 12, 31))
    future = timezone.localdate() + datetime.timedelta(days=10)
    content = workbook(
        ("egress", "2015-12-31", "900", "", "市通信管理局", ""),  # good
        ("egress", "2016-12-31", "九百", "", "市通信管理局", ""),  # wrong value type
        ("egress", future.isoformat(), "950", "", "市通信管理局", ""),  # a date in the future
        ("egress", "2014-12-31", "850", "", "市通信管理局", ""),  # duplicate of a saved value
        ("egress", "2015-12-31", "901", "", "市通信管理局", ""),  # duplicate inside the file
        ("nope", "31/12/2015", "x", "大约", "", ""),  # four errors in one row
    )
    rows = observations_check(rows=read_rows(content), by=office_staff)
    errors = {row.number: row.errors for row in rows}
    assert errors[2] == []
    assert errors[3] == ["数值必须是数字，不能是“九百”。"]
    assert errors[4] == ["日期在未来；请只录入已经测得的数值。"]
    assert errors[5] == ["该指标在 2014-12-31 已有数值。"]
    assert errors[6] == ["本文件第 2 行已给出 2015-12-31 的数值。"]
    assert len(errors[7]) == 5, errors[7]  # date, value, exactness, source, unknown code
    before = Observation.objects.count()
    with pytest.raises(ValidationError):
        observations_import(rows=read_rows(content), by=office_staff)
    assert Observation.objects.count() == before


def test_a_clean_file_is_saved_whole(db, office_staff):
    IndicatorFactory(code="egress")
    content = workbook(
        ("egress", datetime.datetime(2015, 12, 31), 900, "精确", "市通信管理局", ""),
        ("egress", "2016-12-31", "1,200.5", "不低于", "市通信管理局", "估计"),
    )
    saved = observations_import(rows=read_rows(content), by=office_staff)
    assert [(o.observed_on, o.value, o.bound) for o in saved] == [
        (datetime.date(2015, 12, 31), Decimal("900"), Bound.EXACT),
        (datetime.date(2016, 12, 31), Decimal("1200.5"), Bound.AT_LEAST),
    ]
    assert all(o.entered_by == office_staff for o in saved)


def test_a_liaison_importing_another_departments_indicator_is_told_so(db, liaison):
    IndicatorFactory(code="theirs")
    rows = observations_check(
        rows=read_rows(workbook(("theirs", "2015-12-31", "1", "", "s", ""))), by=liaison
    )
    assert "该指标由其他部门报送" in rows[0].errors[0]


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(WorkbookError):
        read_rows(b"not a workbook")


# ---- the article's figures ------------------------------------------------------------------------


def test_seed_holds_only_the_articles_2013_figures(db):
    seed_portfolio()
    assert seed_indicators() == {"indicators": 9, "observations": 9, "links": 11}
    assert seed_indicators() == {"indicators": 0, "observations": 0, "links": 0}
    figures = {
        o.indicator.code: (o.value, o.bound, o.indicator.unit)
        for o in Observation.objects.select_related("indicator")
    }
    assert figures == {
        "metro-egress": (Decimal("820"), Bound.EXACT, "Gbit/s"),
        "4g-coverage": (Decimal("100"), Bound.EXACT, "%"),
        "cloud-racks": (Decimal("1500"), Bound.EXACT, "个"),
        "cloud-server-capacity": (Decimal("25000"), Bound.EXACT, "台"),
        "cloud-egress": (Decimal("200"), Bound.EXACT, "Gbit/s"),
        "3g-user-growth": (Decimal("30"), Bound.AT_LEAST, "%"),
        "internet-user-growth": (Decimal("30"), Bound.AT_LEAST, "%"),
        "iptv-user-growth": (Decimal("30"), Bound.AT_LEAST, "%"),
        "gdp": (Decimal("5020"), Bound.EXACT, "亿元"),
    }
    assert set(Observation.objects.values_list("observed_on", flat=True)) == {datetime.date(2013, 12, 31)}
    # nothing invented: no target, no baseline, no department, nothing public
    assert not Indicator.objects.filter(target_value__isnull=False).exists()
    assert not Indicator.objects.filter(baseline_value__isnull=False).exists()
    assert not Indicator.objects.filter(reporting_department__isnull=False).exists()
    assert not Indicator.objects.filter(is_public=True).exists()
    assert list(Indicator.objects.get(code="metro-egress").projects.values_list("code", flat=True)) == ["P02"]
