"""``assessment_save``: the draft and, on request, the submission in one service call."""

from decimal import Decimal

from evaluations.models import AssessmentStatus, Score
from evaluations.services import assessment_save

from .conftest import leaf_scores


def test_saving_with_submit_saves_the_draft_and_opens_a_review_round(evaluator, assessment):
    saved = assessment_save(
        assessment=assessment,
        by=evaluator,
        expected_version=assessment.version,
        scores=leaf_scores(assessment),
        submit=True,
    )
    assert saved.not_submitted is None
    assert saved.submitted is not None and saved.submitted.number == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_a_refused_submission_keeps_the_draft_and_says_why(evaluator, assessment):
    scores = leaf_scores(assessment)
    unscored = next(iter(scores))
    del scores[unscored]
    saved = assessment_save(
        assessment=assessment, by=evaluator, expected_version=assessment.version, scores=scores, submit=True
    )
    assert saved.submitted is None
    assert "Score every indicator" in " ".join(saved.not_submitted.messages)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS
    assert assessment.version == 2
    assert Score.objects.filter(assessment=assessment).count() == len(scores)
    assert not assessment.rounds.exists()


def test_saving_without_submit_only_saves_the_draft(evaluator, assessment):
    saved = assessment_save(
        assessment=assessment,
        by=evaluator,
        expected_version=assessment.version,
        scores=leaf_scores(assessment, share=Decimal("0.5")),
    )
    assert saved.submitted is None and saved.not_submitted is None
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS
