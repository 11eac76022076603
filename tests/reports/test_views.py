import pytest
from django.urls import reverse

from reports.models import ReportKind, ReportRun, ReportSchedule, RunStatus
from reports.schedules import ensure_schedules
from tests.projects.factories import ProjectFactory
from tests.reports.factories import DoneRunFactory
from tests.roles import sign_in

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


@pytest.fixture
def runs(project, other_department):
    """A done run of each kind: the monthly report, a cycle report, a dossier of the liaison's
    department's project and one of another department's project."""
    return {
        "monthly": DoneRunFactory(kind=ReportKind.MONTHLY, period="2026-10"),
        "cycle": DoneRunFactory(kind=ReportKind.CYCLE, period="cycle-1", parameters={"cycle_id": 1}),
        "own_dossier": DoneRunFactory(kind=ReportKind.DOSSIER, period="own", project=project),
        "other_dossier": DoneRunFactory(
            kind=ReportKind.DOSSIER, period="other", project=ProjectFactory(lead_department=other_department)
        ),
    }


# Expected status of download for (monthly, cycle, own_dossier, other_dossier); status pages are the same.
DOWNLOAD = {
    "anonymous": (302, 302, 302, 302),
    "office_admin": (200, 200, 200, 200),
    "office_staff": (200, 200, 200, 200),
    "liaison": (200, 200, 200, 404),
    "other_liaison": (200, 200, 404, 200),
    "leadership": (200, 200, 200, 200),
    # The cycle report lists every agency's results: not for an evaluator (issue 15).
    "evaluator": (404, 404, 404, 404),
    "other_evaluator": (404, 404, 404, 404),
}


@pytest.mark.parametrize("role", ROLES)
def test_download_and_status_by_role(client, users, runs, role):
    sign_in(client, users, role)
    names = ["monthly", "cycle", "own_dossier", "other_dossier"]
    for name, expected in zip(names, DOWNLOAD[role], strict=True):
        response = client.get(reverse("reports:download", args=[runs[name].pk]))
        assert response.status_code == expected, (name, role)
        if expected == 200:
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]
        assert client.get(reverse("reports:run_status", args=[runs[name].pk])).status_code == expected


@pytest.mark.parametrize(
    "role, expected, visible",
    [
        ("anonymous", 302, None),
        ("office_admin", 200, 4),
        ("office_staff", 200, 4),
        ("liaison", 200, 3),
        ("other_liaison", 200, 3),
        ("leadership", 200, 4),
        ("evaluator", 200, 0),
        ("other_evaluator", 200, 0),
    ],
)
def test_archive_by_role_lists_only_what_the_user_may_download(client, users, runs, role, expected, visible):
    sign_in(client, users, role)
    response = client.get(reverse("reports:archive"))
    assert response.status_code == expected
    if visible is not None:
        assert len(response.context["page"].object_list) == visible


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("office_admin", 302),
        ("office_staff", 302),
        ("liaison", 403),
        ("other_liaison", 403),
        ("leadership", 403),
        ("evaluator", 403),
        ("other_evaluator", 403),
    ],
)
def test_generate_monthly_by_role(client, users, role, expected):
    sign_in(client, users, role)
    response = client.post(reverse("reports:generate_monthly"), {"period": "2026-10"})
    assert response.status_code == expected
    assert ReportRun.objects.filter(kind=ReportKind.MONTHLY).count() == (
        1 if expected == 302 and role != "anonymous" else 0
    )


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("office_admin", 200),
        ("office_staff", 200),
        ("liaison", 200),
        ("other_liaison", 403),
        ("leadership", 200),
        ("evaluator", 404),
        ("other_evaluator", 404),
    ],
)
def test_generate_dossier_by_role(client, users, project, role, expected):
    sign_in(client, users, role)
    response = client.post(reverse("reports:generate_dossier", args=[project.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == expected
    if expected == 200:
        run = ReportRun.objects.get(kind=ReportKind.DOSSIER, project=project)
        assert f'hx-get="{reverse("reports:run_status", args=[run.pk])}"' in response.content.decode()


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("office_admin", 200),
        ("office_staff", 403),
        ("liaison", 403),
        ("other_liaison", 403),
        ("leadership", 403),
        ("evaluator", 403),
        ("other_evaluator", 403),
    ],
)
def test_schedule_pages_by_role(client, users, role, expected):
    ensure_schedules()
    schedule = ReportSchedule.objects.get()
    sign_in(client, users, role)
    assert client.get(reverse("reports:schedules")).status_code == expected
    assert client.get(reverse("reports:schedule_create")).status_code == expected
    assert client.get(reverse("reports:schedule_edit", args=[schedule.pk])).status_code == expected
    posted = client.post(
        reverse("reports:schedule_edit", args=[schedule.pk]), {"name": "x", "cron": "0 8 1 * *"}
    )
    assert posted.status_code == (302 if expected == 200 else expected)


def test_download_of_an_unfinished_run_is_404(client, office_admin):
    run = ReportRun.objects.create(
        kind=ReportKind.MONTHLY, period="2026-09", parameters={"period": "2026-09"}
    )
    client.force_login(office_admin)
    assert client.get(reverse("reports:download", args=[run.pk])).status_code == 404
    status = client.get(reverse("reports:run_status", args=[run.pk])).content.decode()
    assert "hx-trigger" in status


def test_finished_run_status_stops_polling_and_links_the_file(client, office_admin):
    run = DoneRunFactory()
    client.force_login(office_admin)
    status = client.get(reverse("reports:run_status", args=[run.pk])).content.decode()
    assert "hx-trigger" not in status
    assert reverse("reports:download", args=[run.pk]) in status
    assert run.status == RunStatus.DONE


def test_generate_monthly_with_a_bad_period_shows_the_error(client, office_admin):
    client.force_login(office_admin)
    response = client.post(reverse("reports:generate_monthly"), {"period": "2026-13"})
    assert response.status_code == 400
    assert response.context["form"].errors["period"]
    assert not ReportRun.objects.exists()


def test_project_page_shows_the_dossier_panel(client, liaison, project):
    client.force_login(liaison)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("reports:generate_dossier", args=[project.pk]) in page


@pytest.mark.parametrize("count", [2, 30])
def test_archive_query_count_does_not_grow(
    client, office_admin, project, count, django_assert_max_num_queries
):
    for index in range(count):
        DoneRunFactory(
            kind=ReportKind.DOSSIER, period=f"d{index}", project=project, requested_by=office_admin
        )
    client.force_login(office_admin)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("reports:archive")).status_code == 200


def test_office_sees_the_delivery_log_in_the_archive(client, office_admin, leadership):
    from reports.models import Delivery, DeliveryStatus

    run = DoneRunFactory()
    Delivery.objects.create(run=run, email="ok@example.test", status=DeliveryStatus.SENT)
    Delivery.objects.create(
        run=run, email="bad@example.test", status=DeliveryStatus.FAILED, error="SMTPRecipientsRefused: 550"
    )
    client.force_login(office_admin)
    page = client.get(reverse("reports:archive")).content.decode()
    assert "bad@example.test" in page and "SMTPRecipientsRefused: 550" in page
    client.force_login(leadership)
    archive = client.get(reverse("reports:archive"))
    assert archive.status_code == 200
    assert "bad@example.test" not in archive.content.decode()


def test_the_checksum_is_on_the_run_page_not_in_the_archive(client, office_admin, leadership):
    from reports.models import Delivery

    run = DoneRunFactory(checksum="ab" * 32)
    Delivery.objects.create(run=run, email="mayor@example.test", status="sent")
    client.force_login(office_admin)
    archive = client.get(reverse("reports:archive")).content.decode()
    assert "ab" * 32 not in archive and "SHA-256" not in archive
    page = client.get(reverse("reports:run", args=[run.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "ab" * 32 in content and "mayor@example.test" in content
    client.force_login(leadership)
    content = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "ab" * 32 in content and "mayor@example.test" not in content


def test_the_archive_names_a_cycle_report_by_the_cycle(office_staff, db):
    from demo.seed_templates import seed_indicator_templates
    from evaluations.models import AssessmentCycle, IndicatorTemplate
    from reports.services import cycle_report_on_close

    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = AssessmentCycle.objects.create(name="2015年度绩效评价", year=2015, template=template)
    run = cycle_report_on_close(cycle_id=cycle.pk)
    assert run.period_label == "2015年度绩效评价"
