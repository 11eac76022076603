"""Closing an assessment cycle: only once every assessment is accepted, and it files the
assessment-cycle report once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.models import AssessmentCycle
from evaluations.services import (
    assessment_accept,
    assessment_assign,
    assessment_save_draft,
    assessment_submit,
    cycle_close,
)
from reports.models import ReportKind, ReportRun, RunStatus
from tests.evaluations.conftest import leaf_scores
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _accept(assessment, evaluator, office_staff):
    assessment = assessment_save_draft(
        assessment=assessment,
        by=evaluator,
        expected_version=assessment.version,
        scores=leaf_scores(assessment, Decimal("0.85")),
    )
    assessment_submit(assessment=assessment, by=evaluator, notify=False)
    assessment_accept(assessment=assessment, by=office_staff)


def test_a_cycle_with_an_unaccepted_assessment_stays_open(assessment, office_staff):
    with pytest.raises(ValidationError, match="1 assessment is not accepted yet"):
        cycle_close(cycle=assessment.cycle, by=office_staff)
    assert not AssessmentCycle.objects.get(pk=assessment.cycle_id).is_closed
    assert not ReportRun.objects.exists()


def test_closing_files_the_cycle_report_once_and_freezes_the_cycle(
    assessment, evaluator, office_staff, agency
):
    _accept(assessment, evaluator, office_staff)
    cycle = cycle_close(cycle=assessment.cycle, by=office_staff)
    assert cycle.is_closed and cycle.closed_by == office_staff
    run = ReportRun.objects.get()
    assert (run.kind, run.period, run.is_scheduled) == (ReportKind.CYCLE, f"cycle-{cycle.pk}", True)
    assert run.status == RunStatus.DONE
    with run.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

    with pytest.raises(ValidationError, match="already closed"):
        cycle_close(cycle=cycle, by=office_staff)
    with pytest.raises(ValidationError, match="This cycle is closed"):
        assessment_assign(
            cycle=cycle,
            project=ProjectFactory(),
            agency=agency,
            due_on=datetime.date(2015, 3, 31),
            by=office_staff,
        )
    assert ReportRun.objects.count() == 1


def test_office_closes_from_the_cycle_page_and_is_told_why_not(client, assessment, evaluator, office_staff):
    client.force_login(office_staff)
    url = reverse("evaluations:cycle_close", args=[assessment.cycle_id])
    page = client.post(url, follow=True)
    assert "1 assessment is not accepted yet" in page.content.decode()

    _accept(assessment, evaluator, office_staff)
    page = client.post(url, follow=True)
    content = page.content.decode()
    assert "The cycle is closed." in content
    assert "Close the cycle and file its report" not in content
    assert ReportRun.objects.filter(kind=ReportKind.CYCLE).count() == 1
