import datetime

import pytest
from django.core import mail
from django.utils import timezone

from evaluations.models import Assessment
from evaluations.selectors import assessments_due, latest_grades, project_latest_assessment_accepted
from evaluations.services import (
    assessment_accept,
    assessment_assign,
    assessment_declare_no_conflict,
    assessment_save_draft,
    assessment_submit,
    cycle_open,
)
from evaluations.tasks import send_due_reminders
from tests.projects.factories import ProjectFactory

from .conftest import leaf_scores


def _accept(assessment, evaluator, office, share):
    from decimal import Decimal

    assessment_save_draft(
        assessment=assessment,
        by=evaluator,
        expected_version=assessment.version,
        scores=leaf_scores(assessment, Decimal(share)),
    )
    assessment_submit(assessment=assessment, by=evaluator)
    return assessment_accept(assessment=assessment, by=office)


def test_latest_grades_in_one_query(
    cycle, agency, evaluator, office_staff, external_template, django_assert_num_queries
):
    projects = [ProjectFactory() for _ in range(4)]
    for project, share in zip(projects[:3], ["0.95", "0.85", "0.5"], strict=True):
        a = assessment_assign(
            cycle=cycle, project=project, agency=agency, due_on=datetime.date(2015, 1, 1), by=office_staff
        )
        assessment_declare_no_conflict(assessment=a, by=evaluator, declared=True)
        _accept(a, evaluator, office_staff, share)
    later = cycle_open(name="2015年度", kind="annual", year=2015, template=external_template, by=office_staff)
    a = assessment_assign(
        cycle=later, project=projects[0], agency=agency, due_on=datetime.date(2016, 1, 1), by=office_staff
    )
    assessment_declare_no_conflict(assessment=a, by=evaluator, declared=True)
    _accept(a, evaluator, office_staff, "0.7")
    with django_assert_num_queries(1):
        grades = latest_grades(projects=[p.pk for p in projects])
    assert set(grades) == {p.pk for p in projects[:3]}
    assert grades[projects[0].pk].grade == "fair" and grades[projects[0].pk].cycle_name == "2015年度"
    assert grades[projects[1].pk].grade == "good" and grades[projects[2].pk].grade == "poor"


def test_latest_assessment_gate(assessment, evaluator, office_staff, external_template, agency):
    project = assessment.project
    assert not project_latest_assessment_accepted(project=project)
    _accept(assessment, evaluator, office_staff, "1")
    assert project_latest_assessment_accepted(project=project)
    later = cycle_open(
        name="竣工评价", kind="completion", year=2016, template=external_template, by=office_staff
    )
    assessment_assign(
        cycle=later, project=project, agency=agency, due_on=datetime.date(2016, 6, 1), by=office_staff
    )
    assert not project_latest_assessment_accepted(project=project)


def test_assessments_due_for_an_evaluator_is_their_agency(
    assessment, other_assessment, evaluator, leadership
):
    window = dict(start=datetime.date(2015, 3, 1), end=datetime.date(2015, 3, 31))
    assert list(assessments_due(**window, user=evaluator)) == [assessment]
    assert set(assessments_due(**window, user=leadership)) == {assessment, other_assessment}
    assert set(assessments_due(**window)) == {assessment, other_assessment}
    assert not assessments_due(start=datetime.date(2015, 4, 1), end=datetime.date(2015, 4, 30))


def test_due_reminders_are_sent_once(assessment, other_assessment, evaluator):
    evaluator.email = "eva@example.com"
    evaluator.save()
    in_three_days = timezone.localdate() + datetime.timedelta(days=3)
    Assessment.objects.filter(pk=assessment.pk).update(due_on=in_three_days)
    assert send_due_reminders() == 1
    assert mail.outbox[-1].to == ["eva@example.com"]
    assert send_due_reminders() == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", ["office_staff", "leadership"])
def test_cycle_ranking_shows_breakdown(client, users, assessment, evaluator, office_staff, role):
    _accept(assessment, evaluator, office_staff, "0.9")
    client.force_login(users[role])
    body = client.get(f"/evaluations/cycles/{assessment.cycle_id}/").content.decode()
    for heading in ("决策", "过程", "产出", "效益"):
        assert heading in body
    assert "18.00" in body and "27.00" in body and "90.00" in body


def test_demo_evaluations_are_idempotent(db):
    from django.core.management import call_command

    from evaluations.models import AssessmentStatus

    as_of = datetime.date(2026, 12, 2)
    call_command("seed_demo", as_of=as_of, stdout=None)
    call_command("seed_demo", as_of=as_of, stdout=None)
    statuses = sorted(Assessment.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [AssessmentStatus.ACCEPTED] * 6
        + [AssessmentStatus.IN_PROGRESS] * 2
        + [AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED, AssessmentStatus.ASSIGNED]
    )
    assert len(mail.outbox) == 0  # demo mail is logged, never sent


def test_due_reminder_schedule_is_made_once_in_one_place(db):
    from django_celery_beat.models import PeriodicTask

    from reports.schedules import ensure_schedules

    ensure_schedules()
    ensure_schedules()
    task = PeriodicTask.objects.get(task="evaluations.tasks.send_due_reminders")
    assert task.crontab.hour == "7" and task.expire_seconds
