"""The page cache (core/page_cache.py): a warm page renders nothing, yet each user still sees their
own page, a write shows on the very next request, and the per-request parts (CSRF token, messages,
language) stay per request. Tests use a local-memory cache, so they run the cached path."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from api.services import api_client_create
from demo.seed_templates import seed_indicator_templates
from evaluations.models import IndicatorTemplate
from evaluations.services import assessment_assign, cycle_open
from projects.models import Project
from tests.projects.factories import ProblemFactory, ProjectFactory

CHINESE_SAVED = "项目 %(code)s 已保存。"
CSRF_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def without_tokens(content: bytes) -> bytes:
    return CSRF_VALUE.sub(b'name="csrfmiddlewaretoken" value=""', content)


def fresh(client, url, **headers):
    """The page rendered now, with nothing cached: what the cached page must equal."""
    caches["aggregates"].clear()
    response = client.get(url, headers=headers)
    assert response["X-Page-Cache"] == "miss"
    return response


def page_as(user, url, **headers):
    client = Client()
    client.force_login(user)
    return client, client.get(url, headers=headers)


def assert_each_sees_their_own(url, users, write, **headers):
    """Both users fill the cache, a write follows; then each user's warm page equals a fresh render
    of their own, and the two differ where their scopes do."""
    clients = {}
    for user in users:
        clients[user], first = page_as(user, url, **headers)
        assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
        assert clients[user].get(url, headers=headers)["X-Page-Cache"] == "hit"
    write()
    warm = {}
    for user in users:
        assert clients[user].get(url, headers=headers)["X-Page-Cache"] == "miss"
        warm[user] = clients[user].get(url, headers=headers)
        assert warm[user]["X-Page-Cache"] == "hit"
    for user in users:
        rendered = fresh(clients[user], url, **headers)
        assert without_tokens(warm[user].content) == without_tokens(rendered.content)
    return warm


@pytest.mark.django_db
def test_office_staff_and_a_liaison_each_see_their_own_project_page(office_staff, liaison, project):
    url = reverse("projects:detail", args=[project.pk])
    warm = assert_each_sees_their_own(
        url, [office_staff, liaison], lambda: ProblemFactory(project=project, title="机房漏水")
    )
    for user in (office_staff, liaison):
        assert "机房漏水" in warm[user].content.decode()
    # The office may edit the project; the liaison may not: their pages differ.
    edit = reverse("projects:edit", args=[project.pk])
    assert edit in warm[office_staff].content.decode()
    assert edit not in warm[liaison].content.decode()


@pytest.mark.django_db
def test_two_liaisons_of_different_departments_each_see_their_own_page(liaison, other_liaison, project):
    url = reverse("projects:detail", args=[project.pk])
    warm = assert_each_sees_their_own(
        url, [liaison, other_liaison], lambda: ProblemFactory(project=project, title="接口延期")
    )
    # The lead department's liaison updates the project's progress; the other one only reads it.
    problem_new = reverse("projects:problem_create", args=[project.pk])
    assert problem_new in warm[liaison].content.decode()
    assert problem_new not in warm[other_liaison].content.decode()
    name = liaison.get_full_name() or liaison.username
    assert name in warm[liaison].content.decode() and name not in warm[other_liaison].content.decode()


@pytest.mark.django_db
def test_the_portfolio_list_and_dashboard_show_a_new_project_to_staff_and_liaison(office_staff, liaison):
    ProjectFactory(name="既有项目")
    for url in (reverse("projects:list"), reverse("dashboard:dashboard")):
        warm = assert_each_sees_their_own(
            url, [office_staff, liaison], lambda: ProjectFactory(name="新建项目", is_key=True)
        )
        for user in (office_staff, liaison):
            assert (user.get_full_name() or user.username) in warm[user].content.decode()
        Project.objects.filter(name="新建项目").delete()


@pytest.mark.django_db
def test_evaluators_of_different_agencies_each_see_their_own_assignments(
    evaluator, other_evaluator, agency, other_agency, office_staff
):
    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = cycle_open(name="2014年度", kind="annual", year=2014, template=template, by=office_staff)
    due = datetime.date(2015, 3, 31)
    project = ProjectFactory(code="A-1", name="甲机构评估的项目")
    assessment_assign(cycle=cycle, project=project, agency=agency, due_on=due, by=office_staff)

    def assign_to_the_other_agency():
        project = ProjectFactory(code="B-1", name="乙机构评估的项目")
        assessment_assign(cycle=cycle, project=project, agency=other_agency, due_on=due, by=office_staff)

    warm = assert_each_sees_their_own(
        reverse("evaluations:portal"), [evaluator, other_evaluator], assign_to_the_other_agency
    )
    mine, theirs = warm[evaluator].content.decode(), warm[other_evaluator].content.decode()
    assert "甲机构评估的项目" in mine and "乙机构评估的项目" not in mine
    assert "乙机构评估的项目" in theirs and "甲机构评估的项目" not in theirs


@pytest.mark.django_db
def test_api_clients_of_different_departments_each_read_their_own_projects(department, other_department):
    ProjectFactory(code="D-1", lead_department=department)
    _client, token = api_client_create(name="数据局平台", department=department)
    _other, other_token = api_client_create(name="交通局平台", department=other_department)
    url = reverse("api:project-list")
    pages = {}
    for name, key in (("data", token), ("transport", other_token)):
        client = Client(headers={"Authorization": f"Token {key}"})
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
        pages[name] = client
    ProjectFactory(code="T-1", lead_department=other_department)
    data, transport = pages["data"].get(url).json(), pages["transport"].get(url).json()
    assert [row["code"] for row in data["results"]] == ["D-1"]
    assert [row["code"] for row in transport["results"]] == ["T-1"]
    warm = pages["transport"].get(url)
    assert warm["X-Page-Cache"] == "hit" and warm.json() == transport
    assert warm["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_a_write_through_a_form_shows_on_the_very_next_request_with_its_message_once(office_staff, project):
    client = Client()
    client.force_login(office_staff)
    url = reverse("projects:detail", args=[project.pk])
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    # A write by QuerySet.update sends no signal; the request that made it bumps the version.
    response = client.post(reverse("projects:list"), {"columns": ["group"]})
    assert response.status_code == 302
    Project.objects.filter(pk=project.pk).update(name="改名后的项目")
    client.post(reverse("projects:list"), {"columns": ["group"]})
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss" and "改名后的项目" in after.content.decode()

    form = client.get(reverse("projects:edit", args=[project.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(group=project.group_id, lead_department=project.lead_department_id, name="再次改名")
    data["version"] = Project.objects.get(pk=project.pk).version
    assert client.post(reverse("projects:edit", args=[project.pk]), data).status_code == 302
    with_message = client.get(url)
    assert "X-Page-Cache" not in with_message  # pending message: rendered, not stored
    assert "再次改名" in with_message.content.decode()
    message = CHINESE_SAVED % {"code": project.code}
    assert message in with_message.content.decode()
    again = client.get(url)
    assert again["X-Page-Cache"] == "miss" and message not in again.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_the_csrf_token_of_a_cached_form_validates_for_a_second_session(office_staff):
    url = reverse("projects:list")
    first = Client(enforce_csrf_checks=True)
    first.force_login(office_staff)
    page = first.get(url)
    assert page["X-Page-Cache"] == "miss"
    second = Client(enforce_csrf_checks=True)
    second.force_login(office_staff)
    cached = second.get(url)
    assert cached["X-Page-Cache"] == "hit"
    tokens = set(CSRF_VALUE.findall(cached.content))
    assert len(tokens) == 1 and tokens != set(CSRF_VALUE.findall(page.content))
    assert b"@@csrf-token@@" not in cached.content
    response = second.post(url, {"csrfmiddlewaretoken": tokens.pop().decode(), "columns": ["group"]})
    assert response.status_code == 302
    assert second.post(url, {"csrfmiddlewaretoken": "x" * 64, "columns": ["group"]}).status_code == 403


@pytest.mark.django_db
def test_the_language_switch_gives_the_other_language(office_staff, settings):
    client = Client()
    client.force_login(office_staff)
    url = reverse("projects:portfolio_budget")
    chinese = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url)
    assert english["X-Page-Cache"] == "miss" and english["Content-Language"] == "en"
    assert without_tokens(client.get(url).content) == without_tokens(english.content)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    back = client.get(url)
    assert back["X-Page-Cache"] == "hit"
    assert without_tokens(back.content) == without_tokens(chinese.content) != without_tokens(english.content)


@pytest.mark.django_db
def test_only_successful_reads_are_stored_and_office_pages_are_private(office_staff, liaison, project):
    client = Client()
    client.force_login(office_staff)
    url = reverse("projects:detail", args=[project.pk])
    assert client.head(url)["X-Page-Cache"] == "miss"
    hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit" and "private" in hit["Cache-Control"]
    missing = reverse("projects:detail", args=[project.pk + 1000])
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404
    client.force_login(liaison)
    assert client.get(url)["X-Page-Cache"] == "miss"  # another scope


@pytest.mark.django_db
def test_nothing_is_cached_without_a_shared_cache(office_staff, project, settings):
    settings.CACHES = {
        **settings.CACHES,
        "aggregates": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    client = Client()
    client.force_login(office_staff)
    url = reverse("projects:detail", args=[project.pk])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and "X-Page-Cache" not in response
