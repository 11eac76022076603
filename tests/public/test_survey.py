import datetime
import re
from decimal import Decimal

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from public.challenge import challenge_passed, new_challenge
from public.models import Moderation, SurveyResponse
from public.selectors import satisfaction_for
from public.services import (
    MAX_ANSWERS_PER_ADDRESS_PER_DAY,
    RateLimited,
    feedback_moderate,
    survey_submit,
)
from tests.projects.factories import ProjectFactory


def answer_form(client, url, **fields):
    """Fetch the form, solve its sum as a person would, and send it."""
    page = client.get(url).content.decode()
    first, second = map(int, re.search(r'for="id_answer">\D*?(\d+)\D+(\d+)', page).groups())
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    data = {"score": "4", "comment": "", "answer": str(first + second), "token": token, "website": ""}
    data.update(fields)
    return client.post(url, data, REMOTE_ADDR=fields.pop("address", "10.0.0.1"))


@pytest.fixture
def survey_url(public_world):
    return reverse("public:survey", args=[public_world["project"].pk])


def test_a_citizen_answers_without_an_account(client, public_world, survey_url):
    before = SurveyResponse.objects.count()
    response = answer_form(client, survey_url, score="5", comment="  很好用  ")
    assert response.status_code == 200
    assert SurveyResponse.objects.count() == before + 1
    saved = SurveyResponse.objects.order_by("-pk").first()
    assert (saved.score, saved.comment, saved.moderation) == (5, "很好用", Moderation.PENDING)
    assert "10.0.0.1" not in saved.address_hash  # only a keyed hash of the address is kept


def test_wrong_challenge_answer_or_filled_honeypot_saves_nothing(client, public_world, survey_url):
    before = SurveyResponse.objects.count()
    assert answer_form(client, survey_url, answer="999").status_code == 200
    assert answer_form(client, survey_url, website="http://spam.example").status_code == 200
    response = client.post(survey_url, {"score": "5", "answer": "3", "token": "forged"})
    assert response.status_code == 200
    assert "答案不正确" in response.content.decode()
    assert SurveyResponse.objects.count() == before


def test_the_challenge_token_hides_its_answer_and_expires():
    question, token = new_challenge()
    first, second = map(int, re.findall(r"\d+", question))
    assert challenge_passed(token, str(first + second))
    assert not challenge_passed(token, str(first + second + 1))
    assert set(signing.loads(token, salt="public.survey.challenge")) == {"n", "h"}  # a hash, not the sum
    assert not challenge_passed(token + "x", str(first + second))


def test_rate_limit_one_answer_per_project_and_address_per_day(client, public_world, survey_url):
    assert answer_form(client, survey_url, address="10.0.0.7").status_code == 200
    before = SurveyResponse.objects.count()
    response = answer_form(client, survey_url, address="10.0.0.7")
    assert response.status_code == 429
    assert "您今天已对该项目作答" in response.content.decode()
    assert SurveyResponse.objects.count() == before
    # another address may answer
    assert answer_form(client, survey_url, address="10.0.0.8").status_code == 200
    assert SurveyResponse.objects.count() == before + 1


def test_rate_limit_per_address_and_day_across_projects(public_world):
    from projects.models import Stage
    from public.models import ProjectPublication

    today = datetime.date(2026, 5, 1)
    projects = []
    for index in range(MAX_ANSWERS_PER_ADDRESS_PER_DAY + 1):
        project = ProjectFactory(code=f"OP{index}", stage=Stage.OPERATION)
        ProjectPublication.objects.create(project=project, is_public=True, summary="便民")
        projects.append(project)
    for project in projects[:-1]:
        survey_submit(project=project, score=3, comment="", address="10.0.0.9", today=today)
    with pytest.raises(RateLimited):
        survey_submit(project=projects[-1], score=3, comment="", address="10.0.0.9", today=today)
    # the next day the address may answer again
    survey_submit(
        project=projects[-1], score=3, comment="", address="10.0.0.9", today=today + datetime.timedelta(1)
    )


def test_only_public_projects_in_operation_take_answers(public_world):
    from projects.models import Stage

    project = public_world["project"]
    project.stage = Stage.IMPLEMENTATION
    project.save()
    with pytest.raises(ValidationError):
        survey_submit(project=project, score=3, comment="", address="10.0.0.1")
    with pytest.raises(ValidationError):
        survey_submit(project=public_world["secret"], score=3, comment="", address="10.0.0.1")


def test_a_score_outside_1_to_5_is_refused(client, public_world, survey_url):
    before = SurveyResponse.objects.count()
    assert answer_form(client, survey_url, score="6").status_code == 200
    with pytest.raises(ValidationError):
        survey_submit(project=public_world["project"], score=0, comment="", address="10.1.1.1")
    assert SurveyResponse.objects.count() == before


def test_comments_are_shown_only_after_the_office_publishes_them(
    client, public_world, survey_url, office_staff
):
    answer_form(client, survey_url, comment="站牌信息很准确", address="10.0.0.20")
    answer_form(client, survey_url, comment="广告：加微信", address="10.0.0.21")
    project_url = reverse("public:project", args=[public_world["project"].pk])
    before = client.get(project_url)
    assert before.status_code == 200
    assert "站牌信息很准确" not in before.content.decode()

    good = SurveyResponse.objects.get(comment="站牌信息很准确")
    spam = SurveyResponse.objects.get(comment="广告：加微信")
    client.force_login(office_staff)
    queue = client.get(reverse("publicity:feedback")).content.decode()
    assert "站牌信息很准确" in queue and "广告：加微信" in queue
    client.post(reverse("publicity:feedback_moderate", args=[good.pk]), {"action": "publish"})
    client.post(reverse("publicity:feedback_moderate", args=[spam.pk]), {"action": "reject"})
    client.logout()

    page = client.get(project_url).content.decode()
    assert "站牌信息很准确" in page
    assert "广告：加微信" not in page
    good.refresh_from_db()
    assert (good.moderation, good.moderated_by) == (Moderation.APPROVED, office_staff)


def test_a_comment_is_moderated_once_and_only_by_the_office(public_world, office_staff, liaison):
    pending = SurveyResponse.objects.get(comment="待审核的评论")
    with pytest.raises(PermissionDenied):
        feedback_moderate(response_id=pending.pk, by=liaison, publish=True)
    feedback_moderate(response_id=pending.pk, by=office_staff, publish=False)
    with pytest.raises(ValidationError):
        feedback_moderate(response_id=pending.pk, by=office_staff, publish=True)
    pending.refresh_from_db()
    assert pending.moderation == Moderation.REJECTED


def test_satisfaction_for_gives_a_0_to_100_mean_and_the_sample_size(db):
    project = ProjectFactory()
    assert satisfaction_for(project, 2026).sample_size == 0
    assert satisfaction_for(project, 2026).score is None
    for index, score in enumerate([5, 4, 4, 2]):
        SurveyResponse.objects.create(
            project=project, score=score, submitted_on=datetime.date(2026, 3, 1), address_hash=str(index)
        )
    SurveyResponse.objects.create(
        project=project, score=1, submitted_on=datetime.date(2025, 3, 1), address_hash="x"
    )
    result = satisfaction_for(project, 2026)
    # mean 3.75 on 1–5 → (3.75 − 1) / 4 × 100 = 68.75 → 68.8
    assert (result.score, result.sample_size, result.mean_rating) == (Decimal("68.8"), 4, Decimal("3.75"))
