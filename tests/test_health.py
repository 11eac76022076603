from django.urls import reverse


def test_healthz_answers_without_login_and_shows_no_data(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert len(response.content) < 100
