"""Issue 15, "fix both classes": ids beyond 64 bits and control characters are refused wherever
they enter (forms, URLs, services, the API), the date window holds for every date and year, and
no raw constraint text ever reaches a person. Runs on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.validation import (
    DEFAULT_TEXT_MAX_LENGTH,
    INT64_MAX,
    clamp_to_window,
    parse_id,
    validate_date_in_window,
    validate_no_control_characters,
)
from evaluations.models import Assessment
from projects.models import AnnualPlan, AnnualPlanItem, Milestone, Project
from projects.services.execution import milestone_create, plan_create, problem_create
from tests.test_permission_matrix import _snapshot
from tests.urlmatrix import TEXT_ARGUMENTS, named_urls, url_for

HUGE = "99999999999999999999"
OWN_APPS = (
    "accounts",
    "projects",
    "evaluations",
    "steering",
    "indicators",
    "reports",
    "public",
    "office",
)


@pytest.mark.parametrize("text", ["\x00", "a\x01b", "x\x1b[31m", "\x7f", "\x0b"])
def test_control_characters_are_refused(text):
    with pytest.raises(ValidationError):
        validate_no_control_characters(text)


@pytest.mark.parametrize("text", ["第一行\n第二行", "a\tb", "line\r\nnext", "普通文字"])
def test_tab_newline_and_carriage_return_are_text(text):
    validate_no_control_characters(text)


@pytest.mark.parametrize("value", ["abc", "", "0", "-3", HUGE, str(INT64_MAX + 1), None, "1.5"])
def test_parse_id_refuses_what_is_not_a_database_id(value):
    assert parse_id(value) is None


def test_parse_id_reads_an_id():
    assert parse_id(" 42 ") == 42
    assert parse_id(str(INT64_MAX)) == INT64_MAX


@pytest.mark.parametrize(
    "day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(1999, 12, 31)]
)
def test_dates_outside_the_window_are_refused(day):
    with pytest.raises(ValidationError):
        validate_date_in_window(day)
    assert datetime.date(2000, 1, 1) <= clamp_to_window(day) <= datetime.date(2100, 12, 31)


def test_the_window_is_one_setting(settings):
    settings.DATE_WINDOW_YEARS = (2010, 2020)
    validate_date_in_window(datetime.date(2015, 5, 1))
    with pytest.raises(ValidationError):
        validate_date_in_window(datetime.date(2021, 1, 1))


# --- forms ------------------------------------------------------------------------------------


def test_cycle_assignment_with_an_id_beyond_64_bits_is_a_field_error(client, office_staff, world):
    client.force_login(office_staff)
    before = _snapshot(world)
    response = client.post(
        reverse("evaluations:cycle_assign", args=[world["cycle"].pk]),
        {"projects": [HUGE], "agency": HUGE, "due_on": "2015-03-01"},
    )
    assert response.status_code in (200, 400)
    assert _snapshot(world) == before
    assert Assessment.objects.count() == 1


def test_plan_item_with_a_huge_project_id_is_a_field_error(client, office_staff, world):
    client.force_login(office_staff)
    count = AnnualPlanItem.objects.count()
    response = client.post(
        reverse("projects:plan_item_create", args=[world["plan"].pk]),
        {"project": HUGE, "goals": "上线", "rank": "1"},
    )
    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    assert AnnualPlanItem.objects.count() == count


@pytest.mark.parametrize("title", ["\x00", "里程碑\x01", "\x1f"])
def test_milestone_form_refuses_control_characters_next_to_the_field(client, office_staff, world, title):
    client.force_login(office_staff)
    count = Milestone.objects.count()
    response = client.post(
        reverse("projects:milestone_create", args=[world["project"].pk]),
        {
            "title": title,
            "stage": "implementation",
            "planned_date": "2015-06-30",
            "weight": "1",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert Milestone.objects.count() == count


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
def test_project_form_refuses_dates_outside_the_window(client, office_staff, world, day):
    project = world["project"]
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:edit", args=[project.pk]),
        {
            "code": project.code,
            "name": project.name,
            "ease": project.ease,
            "urgency": project.urgency,
            "planned_start": day,
            "planned_end": "2016-12-31",
            "version": project.version,
        },
    )
    assert response.status_code == 200
    assert "planned_start" in response.context["form"].errors
    project.refresh_from_db()
    assert project.planned_start == datetime.date(2014, 1, 1)


def test_a_100_kb_description_is_refused_by_the_form(client, office_staff, world):
    project = world["project"]
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:edit", args=[project.pk]),
        {
            "code": project.code,
            "name": project.name,
            "ease": project.ease,
            "urgency": project.urgency,
            "planned_start": "2014-01-01",
            "planned_end": "2016-12-31",
            "description": "长" * 100_000,
            "version": project.version,
        },
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert 'maxlength="5000"' in response.content.decode()
    project.refresh_from_db()
    assert project.description == ""


@pytest.mark.parametrize("year", ["99999", "1999", "2101"])
def test_plan_year_outside_the_window_is_refused(client, office_staff, db, year):
    client.force_login(office_staff)
    response = client.post(reverse("projects:plan_create"), {"year": year, "title": "计划"})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert not AnnualPlan.objects.filter(title="计划").exists()


# --- services (the Excel import and the admin call the same full_clean) -----------------------


def test_services_refuse_nul_and_control_characters(office_staff, world):
    before = _snapshot(world)
    with pytest.raises(ValidationError) as refused:
        milestone_create(
            project=world["project"], by=office_staff, title="\x00", planned_date=datetime.date(2015, 1, 1)
        )
    assert "title" in refused.value.message_dict
    with pytest.raises(ValidationError):
        problem_create(project=world["project"], by=office_staff, title="问题", description="a\x00b")
    assert _snapshot(world) == before


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_services_refuse_dates_outside_the_window(office_staff, world, day):
    with pytest.raises(ValidationError) as refused:
        milestone_create(project=world["project"], by=office_staff, title="上线", planned_date=day)
    assert "planned_date" in refused.value.message_dict


def test_plan_service_refuses_a_far_year(db):
    with pytest.raises(ValidationError) as refused:
        plan_create(year=99999, title="计划")
    assert "year" in refused.value.message_dict


def test_services_refuse_text_beyond_its_field(office_staff, world):
    with pytest.raises(ValidationError) as refused:
        problem_create(project=world["project"], by=office_staff, title="问题", description="x" * 300_000)
    assert "description" in refused.value.message_dict


# --- URLs and the API -------------------------------------------------------------------------


def test_no_url_answers_500_to_an_id_beyond_64_bits(client, office_admin, world):
    """Every named URL with an integer argument, that argument replaced by 10**20: 404 (or a
    redirect/refusal), never an OverflowError on SQLite or a DataError on PostgreSQL."""
    client.force_login(office_admin)
    tried = 0
    for name, arguments in named_urls().items():
        if not any(argument not in TEXT_ARGUMENTS for argument in arguments):
            continue
        url = url_for(name, arguments, world)
        for argument in arguments:
            if argument in TEXT_ARGUMENTS:
                continue
            real = str(world_pk(name, argument, world))
            huge_url = url.replace(f"/{real}/", f"/{HUGE}/", 1)
            for method in (client.get, client.post):
                response = method(huge_url)
                assert response.status_code in (302, 400, 403, 404, 405), (huge_url, response.status_code)
            tried += 1
    assert tried > 20


def world_pk(name, argument, world):
    from tests.urlmatrix import _ARGUMENT_OBJECTS, _pk_object

    return world[_pk_object(name)].pk if argument == "pk" else world[_ARGUMENT_OBJECTS[argument]].pk


@pytest.fixture
def api_client_token(db, world):
    from api.services import api_client_create

    _client, token = api_client_create(name="城市公共信息平台")
    return token


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/projects/99999999999999999999/",
        "/api/v1/projects/abc/",
        "/api/v1/milestones/?year=99999",
        "/api/v1/budget-lines/?year=99999999999999999999",
        "/api/v1/milestones/?project=%00",
        "/api/v1/projects/?group=%1B",
    ],
)
def test_api_answers_bad_ids_and_filters_with_400_or_404(client, api_client_token, query):
    response = client.get(query, headers={"authorization": f"Token {api_client_token}"})
    assert response.status_code in (400, 404), (query, response.status_code)


# --- constraints speak people's language -------------------------------------------------------


def _constraints():
    for model in apps.get_models():
        if model._meta.app_label not in OWN_APPS or model.__name__.startswith("Historical"):
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint) or getattr(constraint, "condition", None):
                yield model, constraint


def test_every_check_and_conditional_constraint_has_its_own_message():
    found = list(_constraints())
    assert len(found) > 20
    for model, constraint in found:
        message = str(constraint.violation_error_message)
        assert message != str(constraint.default_violation_error_message), (model, constraint.name)
        assert constraint.name not in message


def test_every_text_field_has_a_bound():
    for model in apps.get_models():
        if model._meta.app_label not in ("projects", "evaluations") or model.__name__.startswith(
            "Historical"
        ):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField):
                assert field.max_length and field.max_length <= DEFAULT_TEXT_MAX_LENGTH, (model, field.name)


def test_weight_zero_is_a_translated_message_next_to_the_field(client, office_staff, world):
    milestone = world["milestone"]
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:milestone_edit", args=[world["project"].pk, milestone.pk]),
        {
            "title": milestone.title,
            "stage": milestone.stage,
            "planned_date": "2015-06-30",
            "status": "planned",
            "weight": "0",
            "version": milestone.version,
        },
    )
    assert response.status_code == 200
    assert "weight" in response.context["form"].errors
    assert "milestone_weight_positive" not in response.content.decode()


def test_a_project_with_bad_stored_dates_still_shows_every_page(client, office_staff, world):
    """Dates stored before the window existed must not break a page for anyone."""
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(
        planned_start=datetime.date(1, 1, 1), planned_end=datetime.date(9999, 12, 31)
    )
    Milestone.objects.filter(pk=world["milestone"].pk).update(planned_date=datetime.date(9999, 12, 31))
    AnnualPlan.objects.filter(pk=world["plan"].pk).update(year=9999)
    client.force_login(office_staff)
    for url in (
        reverse("projects:project_timeline", args=[project.pk]),
        reverse("projects:key_timeline"),
        reverse("projects:key_timeline") + "?year=9999",
        reverse("projects:budget", args=[project.pk]),
        reverse("projects:detail", args=[project.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    budget = client.get(reverse("projects:budget", args=[project.pk]))
    assert len(budget.context["budget"].years) <= 101
