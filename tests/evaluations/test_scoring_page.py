"""The evaluator's page while scoring: running total, the grade it would give, the empty rows,
and computed rows shown with the project's figures."""

from decimal import Decimal

from django.urls import reverse

from evaluations.models import Score
from projects.models import BudgetLine
from tests.projects.factories import FundingSourceFactory

from .conftest import post_data


def _leaves(assessment):
    return list(assessment.cycle.template.indicators.filter(is_leaf=True).order_by("order"))


def test_preview_gives_the_running_total_grade_and_empty_rows_and_saves_nothing(
    client, evaluator, assessment
):
    client.force_login(evaluator)
    leaves = _leaves(assessment)
    values = {leaf.pk: str(leaf.points) for leaf in leaves[:-2]}
    response = client.post(
        reverse("evaluations:assessment_preview", args=[assessment.pk]), post_data(assessment, values)
    )
    assert response.status_code == 200
    body = response.content.decode()
    expected = sum((leaf.points for leaf in leaves[:-2]), Decimal("0"))
    assert f'id="running-total">{expected:.2f}<' in body
    assert "2 rows still empty" in body and leaves[-1].name in body and leaves[-2].name in body
    assert expected == Decimal("88") and "Good (良)" in body
    assert not Score.objects.exists()


def test_preview_shows_an_error_for_a_score_above_its_points(client, evaluator, assessment):
    client.force_login(evaluator)
    first = _leaves(assessment)[0]
    response = client.post(
        reverse("evaluations:assessment_preview", args=[assessment.pk]),
        post_data(assessment, {first.pk: "99"}),
    )
    assert response.status_code == 200
    assert "Enter a score from 0 to 4.00" in response.content.decode()


def test_the_page_shows_the_budget_figures_of_the_assessed_year(client, evaluator, assessment):
    BudgetLine.objects.create(
        project=assessment.project,
        year=assessment.cycle.year,
        source=FundingSourceFactory(),
        approved=4_000_000,
        allocated=3_500_000,
        spent=3_010_000,
    )
    client.force_login(evaluator)
    response = client.get(reverse("evaluations:assessment", args=[assessment.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "86.00 %" in body and "350.00 万元" in body and "301.00 万元" in body and "75.25 %" in body
    assert 'id="running-total">' in body and "Grade it would give" in body


def test_a_computed_score_is_saved_unless_overridden_with_a_reason(client, evaluator, assessment):
    BudgetLine.objects.create(
        project=assessment.project,
        year=assessment.cycle.year,
        source=FundingSourceFactory(),
        approved=4_000_000,
        allocated=3_500_000,
        spent=3_010_000,
    )
    execution = assessment.cycle.template.indicators.get(name="预算执行率")
    client.force_login(evaluator)
    url = reverse("evaluations:assessment_save", args=[assessment.pk])
    assert client.post(url, post_data(assessment, {})).status_code == 302
    assert Score.objects.get(indicator=execution).value == Decimal("3.44")  # 4 × 86 %
    assessment.refresh_from_db()
    data = post_data(assessment, {execution.pk: "4"})
    response = client.post(url, data)
    assert response.status_code == 400 and "The calculation gives 3.44; say why" in response.content.decode()
    data[f"reason_{execution.pk}"] = "年末一笔 42 万元已支付，尚未入账"
    assert client.post(url, data).status_code == 302
    score = Score.objects.get(indicator=execution)
    assert score.value == Decimal("4") and score.override_reason.startswith("年末")
