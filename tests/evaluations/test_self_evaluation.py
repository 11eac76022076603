"""Unit self-evaluation (单位自评): the lead department's liaison scores the seeded 10号 self
template, the office reviews it like third-party work, and a third-party assessment of the same
project and year shows the self score beside the reviewer's (自评分 / 复核分)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations.models import AssessmentStatus, IndicatorTemplate
from evaluations.services import (
    assessment_accept,
    assessment_assign,
    assessment_return,
    assessment_save_draft,
    assessment_submit,
    cycle_open,
)

from .conftest import leaf_scores, post_data


@pytest.fixture
def self_assessment(external_template, project, office_staff):
    template = IndicatorTemplate.objects.get(family="self")
    cycle = cycle_open(name="2014年度单位自评", kind="annual", year=2014, template=template, by=office_staff)
    return assessment_assign(
        cycle=cycle, project=project, agency=None, due_on=datetime.date(2015, 2, 28), by=office_staff
    )


def test_the_seeded_self_template_weighs_10_50_30_10(self_assessment):
    template = self_assessment.cycle.template
    groups = {
        node.name: sum(
            (leaf.points for leaf in template.indicators.filter(is_leaf=True, first_level=node)), Decimal("0")
        )
        for node in template.indicators.filter(level=1)
    }
    assert groups == {"预算执行率": 10, "产出": 50, "效益": 30, "服务对象满意度": 10}


def test_the_lead_departments_liaison_scores_and_the_office_reviews(
    client, self_assessment, liaison, other_liaison, evaluator, office_staff
):
    assert self_assessment.is_self and self_assessment.agency is None
    assert self_assessment.status == AssessmentStatus.IN_PROGRESS, (
        "no conflict declaration for one's own project"
    )
    client.force_login(liaison)
    assert client.get(reverse("evaluations:portal")).status_code == 200
    response = client.get(reverse("evaluations:assessment", args=[self_assessment.pk]))
    assert response.status_code == 200 and "Unit self-evaluation" in response.content.decode()
    values = {
        leaf.pk: str(leaf.points) for leaf in self_assessment.cycle.template.indicators.filter(is_leaf=True)
    }
    url = reverse("evaluations:assessment_save", args=[self_assessment.pk])
    assert client.post(url, post_data(self_assessment, values, "submit")).status_code == 302
    self_assessment.refresh_from_db()
    assert self_assessment.status == AssessmentStatus.SUBMITTED

    for outsider in (other_liaison, evaluator):
        client.force_login(outsider)
        assert client.get(reverse("evaluations:assessment", args=[self_assessment.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        assessment_save_draft(assessment=self_assessment, by=other_liaison, expected_version=1, scores={})

    assessment_return(assessment=self_assessment, by=office_staff, reason="满意度缺少调查问卷")
    self_assessment.refresh_from_db()
    assessment_save_draft(
        assessment=self_assessment,
        by=liaison,
        expected_version=self_assessment.version,
        scores=leaf_scores(self_assessment, Decimal("0.9")),
    )
    assessment_submit(assessment=self_assessment, by=liaison, notify=False)
    accepted = assessment_accept(assessment=self_assessment, by=office_staff)
    assert accepted.total == Decimal("90.00") and accepted.grade == "excellent"


def test_a_third_party_assessment_shows_the_self_score_beside_the_reviewers(
    client, self_assessment, assessment, liaison, evaluator, office_staff
):
    assessment_save_draft(
        assessment=self_assessment,
        by=liaison,
        expected_version=self_assessment.version,
        scores=leaf_scores(self_assessment, Decimal("0.9")),
    )
    assessment_submit(assessment=self_assessment, by=liaison, notify=False)
    assessment_save_draft(
        assessment=assessment,
        by=evaluator,
        expected_version=assessment.version,
        scores=leaf_scores(assessment),
    )
    client.force_login(office_staff)
    body = client.get(reverse("evaluations:assessment", args=[assessment.pk])).content.decode()
    assert "Self score (自评分)" in body and "score (复核分)" in body
    assert ">9.00<" in body, "服务对象满意度 10 × 0.9 from the self-evaluation"
    client.force_login(evaluator)
    response = client.get(reverse("evaluations:assessment", args=[assessment.pk]))
    assert response.status_code == 200
    assert "Self score (自评分)" not in response.content.decode(), "the agency scores independently"


def test_a_self_evaluation_cycle_needs_no_agency_but_a_third_party_one_does(
    external_template, project, office_staff
):
    cycle = cycle_open(name="2016", kind="annual", year=2016, template=external_template, by=office_staff)
    with pytest.raises(ValidationError, match="Choose the agency"):
        assessment_assign(
            cycle=cycle, project=project, agency=None, due_on=datetime.date(2017, 1, 1), by=office_staff
        )
