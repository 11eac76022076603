"""What the public pages never show: render every public page, in both languages, and grep."""

import pytest
from django.urls import reverse

from tests.public.conftest import SECRETS
from tests.urlmatrix import named_urls


def public_pages(world) -> list[str]:
    project, indicator = world["project"], world["indicator"]
    return [
        reverse("public:home"),
        reverse("public:project", args=[project.pk]),
        reverse("public:survey", args=[project.pk]),
        reverse("public:indicators"),
        reverse("public:indicator", args=[indicator.pk]),
    ]


def test_the_list_covers_every_public_url(public_world):
    assert {name for name in named_urls() if name.startswith("public:")} == {
        "public:home",
        "public:project",
        "public:survey",
        "public:indicators",
        "public:indicator",
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_public_page_shows_no_budget_problem_or_name(client, public_world, settings, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in public_pages(public_world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        leaks = [(kind, text) for kind, texts in SECRETS.items() for text in texts if text in html]
        assert leaks == [], url
    home = client.get(reverse("public:home")).content.decode()
    assert ("智慧交通" if language == "zh-hans" else "Smart transport") in home
    assert "公交到站预报覆盖率" in home or "bus" in home
    project_page = client.get(reverse("public:project", args=[public_world["project"].pk])).content.decode()
    assert "准点率高了，很满意" in project_page  # the published comment, and only that one
    assert "75.0" in project_page  # satisfaction: three answers of 4 → 75.0 of 100


def test_unpublished_projects_and_indicators_answer_404(client, public_world):
    assert client.get(reverse("public:project", args=[public_world["secret"].pk])).status_code == 404
    assert client.get(reverse("public:survey", args=[public_world["secret"].pk])).status_code == 404
    assert client.get(reverse("public:indicator", args=[public_world["internal"].pk])).status_code == 404


def test_nothing_is_public_by_default(client, db):
    from tests.indicators.factories import IndicatorFactory
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(name="默认项目")
    indicator = IndicatorFactory(name="默认指标")
    html = client.get(reverse("public:home")).content.decode()
    assert "默认项目" not in html and "默认指标" not in html
    assert client.get(reverse("public:project", args=[project.pk])).status_code == 404
    assert client.get(reverse("public:indicator", args=[indicator.pk])).status_code == 404


def test_public_pages_need_no_login_and_set_no_session(client, public_world):
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
