import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.evidence import evidence_add
from evaluations.models import Assessment, Evidence, Score
from tests.roles import sign_in

from .conftest import leaf_scores

ROLES = [
    "anonymous",
    "office_admin",
    "office_staff",
    "liaison",
    "other_liaison",
    "leadership",
    "evaluator",
    "other_evaluator",
]


@pytest.mark.parametrize(
    "role, portal, cycle_page, assessment_, templates, template, cycle_create, template_edit",
    [
        ("anonymous", 302, 302, 302, 302, 302, 302, 302),
        ("office_admin", 200, 200, 200, 200, 200, 200, 200),
        ("office_staff", 200, 200, 200, 200, 200, 200, 403),
        ("liaison", 200, 403, 404, 403, 403, 403, 403),
        ("other_liaison", 200, 403, 404, 403, 403, 403, 403),
        ("leadership", 200, 200, 200, 200, 200, 403, 403),
        ("evaluator", 200, 403, 200, 403, 403, 403, 403),
        ("other_evaluator", 200, 403, 404, 403, 403, 403, 403),
    ],
)
def test_get_pages_by_role(
    client,
    users,
    assessment,
    role,
    portal,
    cycle_page,
    assessment_,
    templates,
    template,
    cycle_create,
    template_edit,
):
    sign_in(client, users, role)
    template_pk = assessment.cycle.template_id
    assert client.get(reverse("evaluations:portal")).status_code == portal
    assert client.get(reverse("evaluations:cycle", args=[assessment.cycle_id])).status_code == cycle_page
    assert client.get(reverse("evaluations:assessment", args=[assessment.pk])).status_code == assessment_
    assert client.get(reverse("evaluations:templates")).status_code == templates
    assert client.get(reverse("evaluations:template", args=[template_pk])).status_code == template
    assert client.get(reverse("evaluations:cycle_create")).status_code == cycle_create
    assert client.get(reverse("evaluations:template_edit", args=[template_pk])).status_code == template_edit


def _every_url_of(assessment, evidence):
    """(method, url) for every URL that touches one assessment or its evidence."""
    return [
        ("get", reverse("evaluations:assessment", args=[assessment.pk])),
        ("post", reverse("evaluations:assessment_declare", args=[assessment.pk])),
        ("post", reverse("evaluations:assessment_save", args=[assessment.pk])),
        ("post", reverse("evaluations:evidence_upload", args=[assessment.pk])),
        ("post", reverse("evaluations:assessment_review", args=[assessment.pk])),
        ("get", reverse("evaluations:evidence", args=[evidence.pk])),
    ]


@pytest.fixture
def other_evidence(other_assessment, other_evaluator):
    upload = SimpleUploadedFile("secret-b.pdf", b"%PDF-1.4 agency B secret")
    return evidence_add(assessment=other_assessment, by=other_evaluator, upload=upload)


def test_evaluator_of_agency_a_reaches_nothing_of_agency_b(
    client, evaluator, other_assessment, other_evidence
):
    Score.objects.create(
        assessment=other_assessment,
        indicator=other_assessment.cycle.template.indicators.filter(is_leaf=True).first(),
        value=3,
        comment="B-secret-comment",
    )
    client.force_login(evaluator)
    before = (
        Score.objects.count(),
        Evidence.objects.count(),
        other_assessment.version,
        other_assessment.status,
    )
    for method, url in _every_url_of(other_assessment, other_evidence):
        data = {
            "version": other_assessment.version,
            "declared": "on",
            "decision": "accept",
            "action": "submit",
        }
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code in (403, 404), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"secret" not in body and b"B-secret-comment" not in body
    other_assessment.refresh_from_db()
    assert before == (
        Score.objects.count(),
        Evidence.objects.count(),
        other_assessment.version,
        other_assessment.status,
    )
    portal = client.get(reverse("evaluations:portal")).content.decode()
    assert other_assessment.project.name not in portal


def test_evaluator_portal_lists_only_own_agency(client, evaluator, assessment, other_assessment):
    client.force_login(evaluator)
    body = client.get(reverse("evaluations:portal")).content.decode()
    assert assessment.project.name in body
    assert other_assessment.project.name not in body


def test_expired_evaluator_is_sent_tosign_in(client, expired_evaluator, assessment):
    client.force_login(expired_evaluator)
    for url in (reverse("evaluations:portal"), reverse("evaluations:assessment", args=[assessment.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(reverse("evaluations:assessment_save", args=[assessment.pk]), {"version": 1})
    assert response.status_code == 302
    assert not Score.objects.exists()


@pytest.mark.parametrize("role", ["leadership", "liaison"])
def test_read_only_roles_change_nothing(client, users, assessment, cycle, project, agency, role):
    client.force_login(users[role])
    posts = [
        reverse("evaluations:cycle_create"),
        reverse("evaluations:cycle_assign", args=[cycle.pk]),
        reverse("evaluations:assessment_save", args=[assessment.pk]),
        reverse("evaluations:assessment_review", args=[assessment.pk]),
        reverse("evaluations:evidence_upload", args=[assessment.pk]),
        reverse("evaluations:template_edit", args=[cycle.template_id]),
        reverse("evaluations:template_copy", args=[cycle.template_id]),
    ]
    for url in posts:
        response = client.post(
            url,
            {
                "name": "x",
                "year": 2020,
                "projects": [project.pk],
                "agency": agency.pk,
                "due_on": "2020-01-01",
                "decision": "accept",
                "version": 1,
            },
        )
        assert response.status_code in (403, 404), url
    assert Assessment.objects.count() == 1 and not Score.objects.exists()


def test_leadership_sees_no_write_controls(client, leadership, assessment):
    client.force_login(leadership)
    response = client.get(reverse("evaluations:assessment", args=[assessment.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "assessment_save" not in body and 'name="action"' not in body
    response = client.get(reverse("evaluations:cycle", args=[assessment.cycle_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("evaluations:cycle_assign", args=[assessment.cycle_id]) not in body


def test_project_page_shows_latest_grade(client, leadership, assessment, evaluator, office_staff):
    from evaluations.services import assessment_accept, assessment_save_draft, assessment_submit

    assessment_save_draft(
        assessment=assessment,
        by=evaluator,
        expected_version=assessment.version,
        scores=leaf_scores(assessment),
    )
    assessment_submit(assessment=assessment, by=evaluator)
    assessment_accept(assessment=assessment, by=office_staff)
    client.force_login(leadership)
    body = client.get(reverse("projects:detail", args=[assessment.project_id])).content.decode()
    assert "100.00" in body and "2014年度" in body


def test_portal_and_cycle_query_counts_do_not_grow(
    client, evaluator, office_staff, cycle, agency, django_assert_max_num_queries
):
    from evaluations.services import assessment_assign
    from tests.projects.factories import ProjectFactory

    def assign(n):
        for _ in range(n):
            assessment_assign(
                cycle=cycle,
                project=ProjectFactory(),
                agency=agency,
                due_on=datetime.date(2015, 1, 1),
                by=office_staff,
            )

    assign(1)
    client.force_login(evaluator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("evaluations:portal")).status_code == 200
    client.force_login(office_staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("evaluations:cycle", args=[cycle.pk])).status_code == 200
    assign(10)
    client.force_login(evaluator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("evaluations:portal")).status_code == 200
    client.force_login(office_staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("evaluations:cycle", args=[cycle.pk])).status_code == 200


def test_office_opens_a_cycle_and_assigns(client, office_staff, external_template, project, agency):
    client.force_login(office_staff)
    response = client.post(
        reverse("evaluations:cycle_create"),
        {"name": "2014年度", "kind": "annual", "year": 2014, "template": external_template.pk},
    )
    assert response.status_code == 302
    cycle_url = response["Location"]
    cycle_pk = int(cycle_url.rstrip("/").rsplit("/", 1)[-1])
    response = client.post(
        reverse("evaluations:cycle_assign", args=[cycle_pk]),
        {"projects": [project.pk], "agency": agency.pk, "due_on": "2015-03-31"},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.agency == agency and assessment.due_on == datetime.date(2015, 3, 31)
    assert assessment.cycle.template == external_template
