import pytest
from django.urls import reverse

from public.models import ProjectPublication, SurveyResponse
from tests.projects.factories import ProjectFactory


def test_publishing_needs_words_for_residents(client, office_staff, db):
    project = ProjectFactory()
    client.force_login(office_staff)
    url = reverse("publicity:publication_edit", args=[project.pk])
    response = client.post(url, {"is_public": "on", "summary": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    assert not ProjectPublication.objects.filter(is_public=True).exists()
    assert client.post(url, {"is_public": "on", "summary": "少跑腿"}).status_code == 302
    assert ProjectPublication.objects.get(project=project).is_public


@pytest.mark.parametrize("extra", [0, 15])
def test_office_pages_query_count_is_constant(client, office_staff, db, extra, django_assert_max_num_queries):
    for index in range(extra):
        project = ProjectFactory(code=f"Q{index}")
        SurveyResponse.objects.create(
            project=project,
            score=3,
            comment="意见",
            moderation="pending",
            submitted_on="2026-01-01",
            address_hash=str(index),
        )
    client.force_login(office_staff)
    for url in (reverse("publicity:index"), reverse("publicity:feedback")):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
