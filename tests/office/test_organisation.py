"""Departments and agencies managed by the office admin (issue 22)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from demo.seed_templates import seed_indicator_templates
from evaluations.models import IndicatorTemplate
from evaluations.services import assessment_assign, assessment_declare_no_conflict, cycle_open
from organisation.models import Department
from organisation.services import unit_retire
from projects.services.portfolio import project_create, project_update
from tests.organisation.factories import DepartmentFactory
from tests.projects.factories import ProjectFactory, ProjectGroupFactory


def test_create_rename_and_retire_a_department_with_its_history(client, office_admin, liaison, department):
    client.force_login(office_admin)
    response = client.post(reverse("office:department_create"), {"code": "health", "name": "市卫健委"})
    created = Department.objects.get(code="health")
    assert response.status_code == 302 and response["Location"] == reverse(
        "office:department", args=[created.pk]
    )

    url = reverse("office:department", args=[department.pk])
    client.post(url, {"name": "市大数据管理局", "name_en": "", "reason": "机构改革"})
    department.refresh_from_db()
    assert department.name == "市大数据管理局"

    assert (
        client.post(reverse("office:department_retire", args=[department.pk]), {"reason": ""}).status_code
        == 302
    )
    department.refresh_from_db()
    assert not department.is_retired, "a retirement without a reason is refused"
    client.post(reverse("office:department_retire", args=[department.pk]), {"reason": "并入数据局"})
    department.refresh_from_db()
    assert department.is_retired

    page = client.get(url).content.decode()
    assert liaison.username in page
    assert "机构改革" in page and "并入数据局" in page
    assert "市数据局" in page and "市大数据管理局" in page  # old → new


def test_a_retired_department_leads_no_new_project_but_keeps_its_own(office_admin, department):
    kept = ProjectFactory(lead_department=department)
    unit_retire(unit=department, by=office_admin, reason="撤并")
    with pytest.raises(ValidationError) as refused:
        project_create(
            by=office_admin,
            code="NEW1",
            name="新项目",
            group=ProjectGroupFactory(),
            lead_department=department,
        )
    assert "lead_department" in refused.value.message_dict
    other = ProjectFactory(lead_department=DepartmentFactory())
    with pytest.raises(ValidationError):
        project_update(
            project=other, by=office_admin, expected_version=other.version, lead_department=department
        )
    project_update(project=kept, by=office_admin, expected_version=kept.version, name="仍由原部门牵头")
    kept.refresh_from_db()
    assert kept.lead_department == department


def test_agency_page_shows_evaluators_with_expiry_and_declarations_per_cycle(
    client, office_admin, office_staff, agency, evaluator, department
):
    evaluator.access_expires_on = datetime.date(2031, 6, 30)
    evaluator.save()
    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = cycle_open(name="2015年度", kind="annual", year=2015, template=template, by=office_staff)
    declared = assessment_assign(
        cycle=cycle,
        project=ProjectFactory(name="已声明项目"),
        agency=agency,
        due_on=datetime.date(2016, 3, 31),
        by=office_staff,
    )
    assessment_declare_no_conflict(assessment=declared, by=evaluator, declared=True)
    assessment_assign(
        cycle=cycle,
        project=ProjectFactory(name="未声明项目"),
        agency=agency,
        due_on=datetime.date(2016, 3, 31),
        by=office_staff,
    )
    client.force_login(office_admin)
    page = client.get(reverse("office:agency", args=[agency.pk])).content.decode()
    assert evaluator.username in page and "2031-06-30" in page
    assert "2015年度" in page and "已声明项目" in page and "未声明项目" in page


def test_a_retired_agency_gets_no_new_assignment(client, office_admin, office_staff, agency):
    client.force_login(office_admin)
    client.post(reverse("office:agency_retire", args=[agency.pk]), {"reason": "合同到期"})
    agency.refresh_from_db()
    assert agency.is_retired
    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = cycle_open(name="2016年度", kind="annual", year=2016, template=template, by=office_staff)
    with pytest.raises(ValidationError):
        assessment_assign(
            cycle=cycle,
            project=ProjectFactory(),
            agency=agency,
            due_on=datetime.date(2017, 3, 31),
            by=office_staff,
        )


def test_office_lists_keep_their_query_count(client, office_admin, django_assert_max_num_queries):
    client.force_login(office_admin)
    for name in ("office:departments", "office:agencies"):
        url = reverse(name)
        with django_assert_max_num_queries(10) as few:
            client.get(url)
        for index in range(10):
            DepartmentFactory(code=f"d{name[-3:]}{index}", name=f"部门{name}{index}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(url).status_code == 200
