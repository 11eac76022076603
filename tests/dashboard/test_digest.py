import datetime

import pytest
from django.core import mail

from dashboard.models import DigestLog
from dashboard.selectors import reminders_for
from dashboard.tasks import send_daily_digests
from projects.models.execution import MilestoneStatus
from tests.projects.factories import MilestoneFactory, ProblemFactory, ProjectFactory

TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def reminders_data(project, office_staff, evaluator, leadership):
    """``project`` is led by the liaison's department; ``elsewhere`` by a department without liaisons."""
    elsewhere = ProjectFactory()
    return {
        "overdue": MilestoneFactory(project=project, planned_date=days(-2), owner=office_staff),
        "soon": MilestoneFactory(project=project, planned_date=days(7)),
        "later": MilestoneFactory(project=project, planned_date=days(8), owner=office_staff),
        "done": MilestoneFactory(
            project=project,
            planned_date=days(-5),
            owner=office_staff,
            status=MilestoneStatus.DONE,
            actual_date=days(-5),
        ),  # fmt: skip
        "elsewhere": MilestoneFactory(project=elsewhere, planned_date=days(1), owner=office_staff),
        # Evaluators see no portfolio project, so this never reaches them.
        "hidden": MilestoneFactory(project=elsewhere, planned_date=days(1), owner=evaluator),
        "problem": ProblemFactory(project=elsewhere, owner=leadership, due_date=days(-1)),
        "problem_not_due": ProblemFactory(project=elsewhere, owner=leadership, due_date=days(3)),
    }


def test_reminders_of_owner_and_liaison(
    reminders_data, office_staff, liaison, other_liaison, leadership, evaluator
):
    staff = reminders_for(user=office_staff, today=TODAY)
    assert staff.milestones_overdue == [reminders_data["overdue"]]
    assert staff.milestones_due_soon == [reminders_data["elsewhere"]]
    department = reminders_for(user=liaison, today=TODAY)
    assert department.milestones_overdue == [reminders_data["overdue"]]
    assert department.milestones_due_soon == [reminders_data["soon"]]
    assert len(reminders_for(user=other_liaison, today=TODAY)) == 0
    assert reminders_for(user=leadership, today=TODAY).problems_overdue == [reminders_data["problem"]]
    assert len(reminders_for(user=evaluator, today=TODAY)) == 0


def test_one_digest_per_person_even_if_the_job_runs_twice(reminders_data, office_staff, liaison, leadership):
    assert send_daily_digests.delay().get() == 3
    assert send_daily_digests.delay().get() == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [office_staff.email, liaison.email, leadership.email]
    )
    assert DigestLog.objects.filter(date=TODAY).count() == 3
    staff_mail = next(message for message in mail.outbox if message.to == [office_staff.email])
    assert reminders_data["overdue"].title in staff_mail.body
    assert reminders_data["later"].title not in staff_mail.body
    assert "/notifications/" in staff_mail.body


def test_nothing_for_projects_they_cannot_see(reminders_data, evaluator):
    send_daily_digests.delay()
    assert all(message.to != [evaluator.email] for message in mail.outbox)
    assert not DigestLog.objects.filter(user=evaluator).exists()


def test_a_failed_mail_releases_the_claim(reminders_data, office_staff, monkeypatch):
    def broken_send_mail(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("dashboard.services.send_mail", broken_send_mail)
    with pytest.raises(ConnectionError):
        send_daily_digests.delay()
    assert not DigestLog.objects.exists()


def test_evaluators_get_only_their_agencys_assessments_due_in_three_days(
    project, office_staff, agency, other_agency, evaluator, other_evaluator
):
    from demo.seed_templates import seed_indicator_templates
    from evaluations.models import IndicatorTemplate
    from evaluations.services import assessment_assign, cycle_open

    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = cycle_open(name="2026年度", kind="annual", year=2026, template=template, by=office_staff)
    mine = assessment_assign(cycle=cycle, project=project, agency=agency, due_on=days(3), by=office_staff)
    assessment_assign(cycle=cycle, project=ProjectFactory(), agency=agency, due_on=days(10), by=office_staff)
    assessment_assign(
        cycle=cycle, project=ProjectFactory(), agency=other_agency, due_on=days(30), by=office_staff
    )
    mail.outbox.clear()

    assert reminders_for(user=evaluator, today=TODAY).assessments_due == [mine]
    assert reminders_for(user=other_evaluator, today=TODAY).assessments_due == []
    send_daily_digests()
    send_daily_digests()
    digests = [m for m in mail.outbox if evaluator.email in m.to]
    assert len(digests) == 1
    assert project.name in digests[0].body
    assert not [m for m in mail.outbox if other_evaluator.email in m.to]
