"""Assigning several projects at once is all or nothing: a refusal for one assigns none and mails nobody."""

import datetime

from django.core import mail
from django.urls import reverse

from evaluations.models import Assessment
from evaluations.services import assessment_assign
from tests.projects.factories import ProjectFactory


def test_a_refused_project_assigns_none_of_the_others(
    client, office_staff, cycle, agency, evaluator, django_capture_on_commit_callbacks
):
    first, second, already_in = ProjectFactory(), ProjectFactory(), ProjectFactory()
    assessment_assign(
        cycle=cycle, project=already_in, agency=agency, due_on=datetime.date(2015, 3, 31), by=office_staff
    )
    mail.outbox.clear()
    client.force_login(office_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluations:cycle_assign", args=[cycle.pk]),
            {"projects": [first.pk, second.pk, already_in.pk], "agency": agency.pk, "due_on": "2015-03-31"},
        )
    assert response.status_code == 400
    assert "already in the cycle" in response.content.decode()
    assert list(Assessment.objects.values_list("project_id", flat=True)) == [already_in.pk]
    assert mail.outbox == []


def test_assigning_several_projects_assigns_each_once(client, office_staff, cycle, agency, evaluator):
    projects = [ProjectFactory(), ProjectFactory()]
    client.force_login(office_staff)
    response = client.post(
        reverse("evaluations:cycle_assign", args=[cycle.pk]),
        {"projects": [p.pk for p in projects], "agency": agency.pk, "due_on": "2015-03-31"},
    )
    assert response.status_code == 302
    assert sorted(Assessment.objects.values_list("project_id", flat=True)) == sorted(p.pk for p in projects)
