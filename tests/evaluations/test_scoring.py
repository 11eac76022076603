import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.models import Assessment, AssessmentStatus, Grade, ReviewDecision, Score
from evaluations.services import assessment_assign, assessment_save_draft
from tests.projects.factories import ProjectFactory

from .conftest import leaf_scores, post_data


def _save_url(assessment):
    return reverse("evaluations:assessment_save", args=[assessment.pk])


def _leaves(assessment):
    return list(assessment.cycle.template.indicators.filter(is_leaf=True).order_by("order"))


@pytest.mark.parametrize(
    "typed, message",
    [
        ("4.01", "0 to 4.00"),
        ("-1", "0 to 4.00"),
        ("abc", "Enter a number"),
        ("NaN", "Enter a number"),
        ("1.234", "two decimals"),
    ],
)
def test_bad_score_is_refused_next_to_the_field_and_nothing_saved(
    client, evaluator, assessment, typed, message
):
    client.force_login(evaluator)
    first, second = _leaves(assessment)[:2]
    response = client.post(_save_url(assessment), post_data(assessment, {first.pk: typed, second.pk: "3"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and f'id="score_{first.pk}_error"' in body
    assert f'value="{typed}"' in body, "what was typed is shown again"
    assert not Score.objects.exists()
    assessment.refresh_from_db()
    assert assessment.version == 1 and assessment.status == AssessmentStatus.IN_PROGRESS


def test_draft_saves_decimals_and_comments(client, evaluator, assessment):
    client.force_login(evaluator)
    first = _leaves(assessment)[0]
    data = post_data(assessment, {first.pk: "3.75"})
    data[f"comment_{first.pk}"] = "依据充分"
    assert client.post(_save_url(assessment), data).status_code == 302
    score = Score.objects.get(assessment=assessment, indicator=first)
    assert score.value == Decimal("3.75") and score.comment == "依据充分"


def test_two_tabs_saving_the_same_draft_conflict(client, evaluator, assessment):
    client.force_login(evaluator)
    first = _leaves(assessment)[0]
    tab_one = post_data(assessment, {first.pk: "1"})
    tab_two = post_data(assessment, {first.pk: "2"})
    assert client.post(_save_url(assessment), tab_one).status_code == 302
    response = client.post(_save_url(assessment), tab_two)
    assert response.status_code == 409
    body = response.content.decode()
    assert "another window or tab" in body
    assert f'name="score_{first.pk}" value="2"' in body, "the second tab's typing is not lost"
    assert Score.objects.get(indicator=first).value == Decimal("1")


def test_submission_with_an_unscored_leaf_keeps_the_draft(client, evaluator, assessment):
    client.force_login(evaluator)
    leaves = _leaves(assessment)
    values = {leaf.pk: str(leaf.points) for leaf in leaves[:-1]}
    response = client.post(_save_url(assessment), post_data(assessment, values, action="submit"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Score every indicator" in body and leaves[-1].name in body
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS and not assessment.rounds.exists()
    assert Score.objects.filter(assessment=assessment, value__isnull=False).count() == len(leaves) - 1


def test_submit_return_resubmit_accept_keeps_every_round(
    client, evaluator, office_staff, assessment, django_capture_on_commit_callbacks
):
    office_staff.email = "office@example.com"
    office_staff.save()
    evaluator.email = "eva@example.com"
    evaluator.save()
    client.force_login(evaluator)
    values = {leaf.pk: str(leaf.points) for leaf in _leaves(assessment)}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_save_url(assessment), post_data(assessment, values, "submit")).status_code == 302
    assert mail.outbox[-1].to == ["office@example.com"]

    client.force_login(office_staff)
    review = reverse("evaluations:assessment_review", args=[assessment.pk])
    response = client.post(review, {"decision": "return", "reason": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(review, {"decision": "return", "reason": "效益部分缺少证据"}).status_code == 302
    assert mail.outbox[-1].to == ["eva@example.com"] and "效益部分缺少证据" in mail.outbox[-1].body

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    client.force_login(evaluator)
    first = _leaves(assessment)[0]
    values[first.pk] = "0.01"
    response = client.post(_save_url(assessment), post_data(assessment, values, "submit"))
    assert response.status_code == 302

    client.force_login(office_staff)
    assert client.post(review, {"decision": "accept"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.ACCEPTED
    assert assessment.total == Decimal("96.01") and assessment.grade == Grade.EXCELLENT
    rounds = list(assessment.rounds.order_by("number"))
    assert [r.decision for r in rounds] == [ReviewDecision.RETURNED, ReviewDecision.ACCEPTED]
    assert rounds[0].total == Decimal("100") and rounds[0].reason == "效益部分缺少证据"


def test_accepted_assessment_can_no_longer_be_edited(client, evaluator, office_staff, assessment):
    client.force_login(evaluator)
    values = {leaf.pk: "1" for leaf in _leaves(assessment)}
    client.post(_save_url(assessment), post_data(assessment, values, "submit"))
    client.force_login(office_staff)
    client.post(reverse("evaluations:assessment_review", args=[assessment.pk]), {"decision": "accept"})
    assessment.refresh_from_db()
    client.force_login(evaluator)
    response = client.post(_save_url(assessment), post_data(assessment, {}, "save"))
    assert response.status_code == 400
    assert Score.objects.filter(value=Decimal("1")).count() == len(values)


def test_assignment_to_the_implementer_is_refused(cycle, agency, office_staff):
    project = ProjectFactory(implementer=agency.name)
    with pytest.raises(ValidationError, match="implements this project"):
        assessment_assign(
            cycle=cycle, project=project, agency=agency, due_on=datetime.date(2015, 1, 1), by=office_staff
        )
    assert not Assessment.objects.exists()


def test_assign_view_refuses_the_implementer(client, office_staff, cycle, agency):
    project = ProjectFactory(implementer=agency.name)
    client.force_login(office_staff)
    response = client.post(
        reverse("evaluations:cycle_assign", args=[cycle.pk]),
        {"projects": [project.pk], "agency": agency.pk, "due_on": "2015-03-31"},
    )
    assert response.status_code == 400 and "may not assess it" in response.content.decode()
    assert not Assessment.objects.exists()


def test_scoring_requires_the_declaration(
    client, evaluator, cycle, project, agency, office_staff, django_capture_on_commit_callbacks
):
    evaluator.email = "eva@example.com"
    evaluator.save()
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_assign(
            cycle=cycle, project=project, agency=agency, due_on=datetime.date(2015, 1, 1), by=office_staff
        )
    assert mail.outbox[-1].to == ["eva@example.com"]
    client.force_login(evaluator)
    first = _leaves(assessment)[0]
    assert client.post(_save_url(assessment), post_data(assessment, {first.pk: "1"})).status_code == 400
    declare = reverse("evaluations:assessment_declare", args=[assessment.pk])
    response = client.post(declare, {})
    assert response.status_code == 400 and "Tick the declaration" in response.content.decode()
    assert client.post(declare, {"declared": "on"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS and assessment.conflict_declared_by == evaluator
    assert client.post(_save_url(assessment), post_data(assessment, {first.pk: "1"})).status_code == 302


def test_draft_service_refuses_a_stale_version(assessment, evaluator):
    from core.versioning import StaleObjectError

    assessment_save_draft(
        assessment=assessment, by=evaluator, expected_version=1, scores=leaf_scores(assessment)
    )
    with pytest.raises(StaleObjectError):
        assessment_save_draft(assessment=assessment, by=evaluator, expected_version=1, scores={})
