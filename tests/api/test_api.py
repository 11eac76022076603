import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from api.models import ApiClient, hash_token
from demo.seed_templates import seed_indicator_templates
from evaluations.models import Assessment, AssessmentCycle, AssessmentStatus, Grade, IndicatorTemplate
from projects.models import StageTransition
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, ProblemFactory, ProjectFactory
from tests.roles import sign_in

LIST_URLS = [
    "/api/v1/projects/",
    "/api/v1/stage-transitions/",
    "/api/v1/budget-lines/",
    "/api/v1/milestones/",
    "/api/v1/problems/",
    "/api/v1/assessment-grades/",
]


def accepted_assessment(project, agency, *, total=Decimal("87.50")):
    """An accepted assessment with its fixed total and grade, as the office's acceptance leaves it."""
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle, _ = AssessmentCycle.objects.get_or_create(
        name="2015年度", defaults={"year": 2015, "template": template}
    )
    return Assessment.objects.create(
        cycle=cycle,
        project=project,
        agency=agency,
        due_on=datetime.date(2015, 12, 31),
        status=AssessmentStatus.ACCEPTED,
        total=total,
        grade=Grade.for_total(total),
        accepted_at=timezone.now(),
    )


@pytest.fixture
def two_departments(department, other_department, office_admin, agency):
    seed_indicator_templates()
    ours = ProjectFactory(code="OURS", lead_department=department, stage="implementation")
    theirs = ProjectFactory(code="THEIRS", lead_department=other_department)
    for project in (ours, theirs):
        BudgetLineFactory(project=project, partly_allocated=True)
        MilestoneFactory(project=project, planned_date=datetime.date(2025, 6, 30))
        ProblemFactory(project=project)
        StageTransition.objects.create(
            project=project, from_stage="proposal", to_stage="approval_review", by=office_admin
        )
        accepted_assessment(project, agency)
    return ours, theirs


@pytest.mark.parametrize("url", LIST_URLS)
def test_no_token_is_401(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_logged_in_user_without_token_is_401(client, office_admin, url):
    client.force_login(office_admin)
    assert client.get(url).status_code == 401


def test_wrong_or_inactive_token_is_401(client, api_token, auth):
    assert client.get("/api/v1/projects/", **auth("wrong")).status_code == 401
    ApiClient.objects.update(is_active=False)
    assert client.get("/api/v1/projects/", **auth(api_token)).status_code == 401


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_methods_are_405(client, api_token, auth, two_departments, url, method):
    assert getattr(client, method)(url, {}, **auth(api_token)).status_code == 405
    detail = url + f"{two_departments[0].pk}/" if url.endswith("projects/") else url + "1/"
    assert getattr(client, method)(detail, {}, **auth(api_token)).status_code == 405


@pytest.mark.parametrize("url", LIST_URLS)
def test_department_token_sees_only_its_department(
    client, scoped_token, api_token, auth, two_departments, url
):
    scoped = client.get(url, **auth(scoped_token)).json()
    every = client.get(url, **auth(api_token)).json()
    codes = {row.get("project", row.get("code")) for row in scoped["results"]}
    assert codes == {"OURS"}
    assert {row.get("project", row.get("code")) for row in every["results"]} == {"OURS", "THEIRS"}


def test_department_token_cannot_read_another_departments_project(
    client, scoped_token, auth, two_departments
):
    ours, theirs = two_departments
    assert client.get(f"/api/v1/projects/{ours.pk}/", **auth(scoped_token)).status_code == 200
    assert client.get(f"/api/v1/projects/{theirs.pk}/", **auth(scoped_token)).status_code == 404
    line = theirs.budget_lines.get()
    assert client.get(f"/api/v1/budget-lines/{line.pk}/", **auth(scoped_token)).status_code == 404


def test_project_has_stage_and_codes(client, api_token, auth, two_departments):
    ours, _ = two_departments
    data = client.get(f"/api/v1/projects/{ours.pk}/", **auth(api_token)).json()
    assert data["stage"] == "implementation"
    assert data["stage_label"]
    assert data["department"] == "data"
    assert data["group"] == ours.group.code


def test_budget_amounts_are_exact_decimals(client, api_token, auth, two_departments):
    ours, _ = two_departments
    data = client.get("/api/v1/budget-lines/?project=OURS", **auth(api_token)).json()
    assert Decimal(data["results"][0]["approved"]) == Decimal("1000000.00")
    assert Decimal(data["results"][0]["allocated"]) == Decimal("600000.50")


def test_pagination(client, api_token, auth, db):
    for _ in range(7):
        ProjectFactory()
    first = client.get("/api/v1/projects/?page_size=3", **auth(api_token)).json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert "page=2" in first["next"]
    last = client.get("/api/v1/projects/?page_size=3&page=3", **auth(api_token)).json()
    assert len(last["results"]) == 1 and last["next"] is None


@pytest.mark.parametrize(
    "query, codes",
    [
        ("/api/v1/projects/?stage=implementation", {"OURS"}),
        ("/api/v1/projects/?department=transport", {"THEIRS"}),
        ("/api/v1/budget-lines/?year=2025&project=THEIRS", {"THEIRS"}),
        ("/api/v1/budget-lines/?year=2030", set()),
        ("/api/v1/milestones/?project=OURS&status=planned", {"OURS"}),
        ("/api/v1/problems/?status=resolved", set()),
        ("/api/v1/stage-transitions/?project=THEIRS", {"THEIRS"}),
    ],
)
def test_filters(client, api_token, auth, two_departments, query, codes):
    results = client.get(query, **auth(api_token)).json()["results"]
    assert {row.get("project", row.get("code")) for row in results} == codes


def test_invalid_filter_value_is_400(client, api_token, auth, db):
    assert client.get("/api/v1/projects/?stage=nonsense", **auth(api_token)).status_code == 400


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_query_count_does_not_grow(
    client, api_token, auth, office_admin, agency, django_assert_max_num_queries, url
):
    def make(n):
        for _ in range(n):
            # Approved, as its recorded move says (steering takes the first baseline on approval).
            project = ProjectFactory(stage="approved")
            BudgetLineFactory(project=project, partly_allocated=True)
            MilestoneFactory(project=project, planned_date=datetime.date(2025, 6, 30))
            ProblemFactory(project=project)
            StageTransition.objects.create(
                project=project, from_stage="proposal", to_stage="approved", by=office_admin
            )
            accepted_assessment(project, agency)

    seed_indicator_templates()
    make(2)
    with django_assert_max_num_queries(4):
        client.get(url, **auth(api_token))
    make(20)
    with django_assert_max_num_queries(4):
        client.get(url, **auth(api_token))


def test_last_used_is_recorded(client, api_token, auth, db):
    assert ApiClient.objects.get().last_used_at is None
    client.get("/api/v1/projects/", **auth(api_token))
    assert ApiClient.objects.get().last_used_at <= timezone.now()


def test_create_api_client_command_shows_the_token_once_and_stores_its_hash(department, capsys):
    call_command("create_api_client", "交通平台", "--department", "data")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    client = ApiClient.objects.get(name="交通平台")
    assert client.token_hash == hash_token(token) != token
    assert client.department == department
    assert token not in str(ApiClient.objects.values_list())


def test_create_api_client_command_rejects_unknown_department(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_client", "x", "--department", "nope")


def test_schema_validates_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/projects/" in (tmp_path / "schema.yaml").read_text()


@pytest.mark.parametrize(
    "role, schema_status, docs_status",
    [
        ("anonymous", 401, 302),
        ("office_admin", 200, 200),
        ("office_staff", 200, 200),
        ("liaison", 403, 403),
        ("leadership", 403, 403),
        ("evaluator", 403, 403),
    ],
)
def test_schema_and_docs_need_an_office_user_or_a_token(client, users, role, schema_status, docs_status):
    sign_in(client, users, role)
    assert client.get(reverse("api:schema")).status_code == schema_status
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == docs_status
    if docs_status == 302:
        assert docs["Location"].startswith(reverse("login"))


def test_schema_and_docs_answer_a_token_but_not_a_wrong_one(client, api_token, auth):
    assert client.get(reverse("api:schema"), **auth(api_token)).status_code == 200
    assert client.get(reverse("api:docs"), **auth(api_token)).status_code == 200
    assert client.get(reverse("api:schema"), **auth("wrong")).status_code == 401
    assert client.get(reverse("api:docs"), **auth("wrong")).status_code == 302


def test_docs_use_vendored_assets(client, office_staff):
    client.force_login(office_staff)
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "http" not in html.split("<body>")[1]
    assert "<script>" not in html


def test_grades_are_the_accepted_totals_only(client, api_token, auth, two_departments):
    ours, _ = two_departments
    Assessment.objects.filter(project=ours).update(status=AssessmentStatus.SUBMITTED, total=None, grade="")
    rows = client.get("/api/v1/assessment-grades/", **auth(api_token)).json()["results"]
    assert [(row["project"], row["total"], row["grade"]) for row in rows] == [("THEIRS", "87.50", "good")]


@pytest.mark.parametrize("revoke", ["save", "update"])
def test_a_revoked_token_is_refused_on_its_next_request(client, api_token, auth, revoke):
    """The active client is kept in the shared cache (api.authentication); revoking it by a save (the
    admin) or a bulk update drops the copy at once."""
    assert client.get("/api/v1/projects/", **auth(api_token)).status_code == 200
    if revoke == "save":
        api_client = ApiClient.objects.get()
        api_client.is_active = False
        api_client.save()
    else:
        ApiClient.objects.update(is_active=False)
    assert client.get("/api/v1/projects/", **auth(api_token)).status_code == 401


@pytest.mark.parametrize("change", ["save", "update"])
def test_a_new_department_of_a_token_shows_in_its_cached_list_at_once(
    client, scoped_token, auth, two_departments, change
):
    """The project list is stored per token (core.page_cache); moving the token's client to
    another department, by a save (the admin) or a bulk update, is seen on the next request."""
    _ours, theirs = two_departments

    def codes():
        listing = client.get("/api/v1/projects/", **auth(scoped_token)).json()
        return {row["code"] for row in listing["results"]}

    assert codes() == {"OURS"}
    if change == "save":
        api_client = ApiClient.objects.get(token_hash=hash_token(scoped_token))
        api_client.department = theirs.lead_department
        api_client.save()
    else:
        ApiClient.objects.filter(token_hash=hash_token(scoped_token)).update(
            department=theirs.lead_department
        )
    assert codes() == {"THEIRS"}
