"""Budget pages: who may open each URL, form errors, conflicts, query counts and Excel exports."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import (
    BudgetAdjustment,
    BudgetLine,
    FundingSource,
    Project,
    ProjectGroup,
    SpendingRecord,
    Stage,
)
from projects.models.budget import AdjustmentStatus
from projects.services.budget import adjustment_request
from tests.projects.factories import BudgetLineFactory, ProjectFactory
from tests.roles import sign_in

ROLES = ["anonymous", "office_admin", "office_staff", "liaison", "other_liaison", "leadership"]
ROLES += ["evaluator", "other_evaluator"]


@pytest.fixture
def project(project):
    """Money is approved and spent only once a project is approved: these projects are being built."""
    project.stage = Stage.IMPLEMENTATION
    project.save()
    return project


@pytest.fixture
def line(project, fiscal_source):
    return BudgetLineFactory(
        project=project, year=2015, source=fiscal_source, approved=1000000, allocated=600000
    )


@pytest.fixture
def pending_adjustment(line, liaison):
    return adjustment_request(line=line, by=liaison, new_amount=Decimal("1200000"), reason="扩容")


def _urls(project, line, adjustment, source):
    return {
        "budget": reverse("projects:budget", args=[project.pk]),
        "budget_xlsx": reverse("projects:budget", args=[project.pk]) + "?format=xlsx",
        "portfolio_budget": reverse("projects:portfolio_budget"),
        "portfolio_budget_xlsx": reverse("projects:portfolio_budget") + "?format=xlsx",
        "line_create": reverse("projects:budget_line_create", args=[project.pk]),
        "line_edit": reverse("projects:budget_line_edit", args=[line.pk]),
        "spending_create": reverse("projects:spending_create", args=[line.pk]),
        "adjustment_request": reverse("projects:adjustment_request", args=[line.pk]),
        "adjustment_decide": reverse("projects:adjustment_decide", args=[adjustment.pk]),
        "funding_sources": reverse("projects:funding_sources"),
        "funding_source_create": reverse("projects:funding_source_create"),
        "funding_source_edit": reverse("projects:funding_source_edit", args=[source.pk]),
    }


# Expected GET status per URL, in the order of ROLES:
# anonymous, office_admin, office_staff, liaison (lead department), other_liaison, leadership,
# evaluator, other_evaluator.
EXPECTED = {
    "budget": [302, 200, 200, 200, 200, 200, 404, 404],
    "budget_xlsx": [302, 200, 200, 200, 200, 200, 404, 404],
    "portfolio_budget": [302, 200, 200, 200, 200, 200, 403, 403],
    "portfolio_budget_xlsx": [302, 200, 200, 200, 200, 200, 403, 403],
    "line_create": [302, 200, 200, 403, 403, 403, 404, 404],
    "line_edit": [302, 200, 200, 403, 403, 403, 404, 404],
    "spending_create": [302, 200, 200, 200, 403, 403, 404, 404],
    "adjustment_request": [302, 200, 200, 200, 403, 403, 404, 404],
    "adjustment_decide": [302, 200, 200, 403, 403, 403, 404, 404],
    "funding_sources": [302, 200, 403, 403, 403, 403, 403, 403],
    "funding_source_create": [302, 200, 403, 403, 403, 403, 403, 403],
    "funding_source_edit": [302, 200, 403, 403, 403, 403, 403, 403],
}


@pytest.mark.parametrize("name", EXPECTED)
@pytest.mark.parametrize("role", ROLES)
def test_budget_urls_by_role(client, users, line, pending_adjustment, fiscal_source, name, role):
    sign_in(client, users, role)
    url = _urls(line.project, line, pending_adjustment, fiscal_source)[name]
    response = client.get(url)
    assert response.status_code == EXPECTED[name][ROLES.index(role)]
    if response.status_code == 302:
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["leadership", "other_liaison", "evaluator"])
def test_read_only_roles_cannot_post(client, users, line, pending_adjustment, role):
    client.force_login(users[role])
    posts = [
        (reverse("projects:spending_create", args=[line.pk]), {"amount": "1", "spent_on": "2015-05-01"}),
        (reverse("projects:adjustment_request", args=[line.pk]), {"new_amount": "1", "reason": "x"}),
        (reverse("projects:adjustment_decide", args=[pending_adjustment.pk]), {"decision": "approve"}),
        (reverse("projects:budget_line_edit", args=[line.pk]), {"allocated": "1", "version": line.version}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404)
    line.refresh_from_db()
    assert (line.approved, line.allocated, line.spent) == (
        Decimal("1000000"),
        Decimal("600000"),
        Decimal("0"),
    )
    assert BudgetAdjustment.objects.get().status == AdjustmentStatus.PENDING


def test_liaison_records_spending(client, liaison, line):
    client.force_login(liaison)
    url = reverse("projects:spending_create", args=[line.pk])
    response = client.post(url, {"amount": "12345.67", "spent_on": "2015-05-01", "note": "设备"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.spent == Decimal("12345.67")


@pytest.mark.parametrize(
    "amount, message",
    [
        ("600000.01", "exceed the allocated amount"),
        ("abc", "Enter a number"),
        ("-5", "greater than zero"),
        ("0", "greater than zero"),
    ],
)
def test_bad_spending_shows_a_field_error_and_saves_nothing(client, liaison, line, amount, message):
    client.force_login(liaison)
    client.cookies.load({"django_language": "en"})
    url = reverse("projects:spending_create", args=[line.pk])
    response = client.post(url, {"amount": amount, "spent_on": "2015-05-01"})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["amount"])
    assert not SpendingRecord.objects.exists()
    line.refresh_from_db()
    assert line.spent == 0


def _line_data(source, **overrides):
    return {"year": "2015", "source": source.pk, "approved": "1000", "allocated": "0", **overrides}


def test_office_creates_a_line(client, office_staff, project, fiscal_source):
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:budget_line_create", args=[project.pk]), _line_data(fiscal_source)
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get().approved == Decimal("1000")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"approved": "-1"}, "approved"),
        ({"allocated": "-1"}, "allocated"),
        ({"approved": "一百万"}, "approved"),
        ({"year": "2013"}, "year"),
        ({"year": "2017"}, "year"),
        ({"year": "abc"}, "year"),
        ({"year": "2019", "approved": "-1"}, "year"),
        ({"year": "2019", "approved": "-1"}, "approved"),
    ],
)
def test_bad_line_shows_a_field_error_and_saves_nothing(
    client, office_staff, project, fiscal_source, overrides, field
):
    client.force_login(office_staff)
    url = reverse("projects:budget_line_create", args=[project.pk])
    response = client.post(url, _line_data(fiscal_source, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_edit_with_an_old_version_is_a_409_conflict(client, office_staff, line):
    client.force_login(office_staff)
    url = reverse("projects:budget_line_edit", args=[line.pk])
    BudgetLine.objects.filter(pk=line.pk).update(version=line.version + 1, note="别人改过")
    response = client.post(url, {"allocated": "700000", "note": "我的", "version": line.version})
    assert response.status_code == 409
    line.refresh_from_db()
    assert (line.allocated, line.note) == (Decimal("600000"), "别人改过")


def test_edit_cannot_change_the_approved_amount(client, office_staff, line):
    client.force_login(office_staff)
    url = reverse("projects:budget_line_edit", args=[line.pk])
    response = client.post(url, {"allocated": "700000", "approved": "5", "version": line.version})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.allocated, line.approved) == (Decimal("700000"), Decimal("1000000"))


def test_adjustment_request_and_approval_through_the_pages(client, liaison, office_staff, line):
    client.force_login(liaison)
    response = client.post(
        reverse("projects:adjustment_request", args=[line.pk]), {"new_amount": "1500000", "reason": "扩容"}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.approved == Decimal("1000000")
    adjustment = BudgetAdjustment.objects.get()
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:adjustment_decide", args=[adjustment.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.approved == Decimal("1500000")
    response = client.post(
        reverse("projects:adjustment_decide", args=[adjustment.pk]), {"decision": "reject"}
    )
    assert response.status_code == 409
    assert BudgetAdjustment.objects.get().status == AdjustmentStatus.APPROVED


def test_office_admin_edits_funding_sources(client, office_admin):
    client.force_login(office_admin)
    response = client.post(
        reverse("projects:funding_source_create"),
        {"code": "bonds", "name": "专项债券", "is_fiscal": "on", "order": "5", "is_active": "on"},
    )
    assert response.status_code == 302
    assert FundingSource.objects.get(code="bonds").is_fiscal
    assert "专项债券" in client.get(reverse("projects:funding_sources")).content.decode()


def test_project_page_shows_the_budget_panel(client, leadership, line):
    client.force_login(leadership)
    html = client.get(reverse("projects:detail", args=[line.project.pk])).content.decode()
    assert reverse("projects:budget", args=[line.project.pk]) in html
    assert "100.00" in html  # approved 1,000,000 yuan


def _portfolio_budget_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("projects:portfolio_budget"), params).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("params", [{}, {"year": "2015"}, {"format": "xlsx"}])
def test_portfolio_budget_query_count_is_the_same_for_15_and_500_projects(
    client, office_staff, portfolio, params
):
    """8 queries (session, user, years, groups, sources, two breakdowns, total) however many projects."""
    client.force_login(office_staff)
    sources = list(FundingSource.objects.all())
    for project in Project.objects.all():
        BudgetLineFactory(project=project, year=2015, source=sources[0])
    with_15 = _portfolio_budget_queries(client, params)
    projects = ProjectFactory.create_batch(485, group=ProjectGroup.objects.first())
    BudgetLine.objects.bulk_create(
        BudgetLine(
            project=project, year=2014 + index % 3, source=sources[index % 4], approved=1000, allocated=500
        )
        for index, project in enumerate(projects)
    )
    assert Project.objects.count() == 500
    assert _portfolio_budget_queries(client, params) == with_15
    assert with_15 <= 10


def _sheet_rows(response):
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_project_budget_excel_has_the_figures(client, office_staff, line, social_source):
    BudgetLineFactory(project=line.project, year=2014, source=social_source, approved=15000, allocated=15000)
    client.force_login(office_staff)
    response = client.get(reverse("projects:budget", args=[line.project.pk]), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_rows(response)
    assert rows[0][:3] == ["年度", "资金来源", "批复金额（万元）"]
    assert [2014, "社会资本", 1.5, 1.5, 0, 0, 0, 100] in rows  # 执行率, 预算执行率, 到位率
    assert [2015, "市级财政资金", 100, 60, 0, 0, 0, 60] in rows
    assert [2016, "年度合计", 0, 0, 0] in rows  # no budget: the rates are empty cells
    assert ["合计", None, 101.5, 61.5, 0, 0, 0, 60.6] in rows


def test_portfolio_budget_excel_has_the_figures(client, office_staff, line, social_source):
    BudgetLineFactory(project=line.project, year=2015, source=social_source, approved=500000, allocated=0)
    client.force_login(office_staff)
    response = client.get(reverse("projects:portfolio_budget"), {"format": "xlsx", "year": "2015"})
    rows = _sheet_rows(response)
    assert rows[0][:2] == ["分类", "名称"]
    assert ["资金来源", "市级财政资金", 100, 60, 0, 0, 0, 60] in rows
    assert ["资金来源", "社会资本", 50, 0, 0, 0, None, 0] in rows  # nothing arrived: no 预算执行率
    assert ["合计", None, 150, 60, 0, 0, 0, 40] in rows
    assert ["社会资本撬动比", None, 0.5] in rows
