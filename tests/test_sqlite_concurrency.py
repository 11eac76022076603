"""Two people saving the same record at the same instant: one save wins, the other gets the clear
409 conflict page, never a 500 "database is locked" — on SQLite (WAL, busy timeout, BEGIN IMMEDIATE,
a file test database) as on PostgreSQL."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from projects.execution_forms import MilestoneForm, ProblemForm
from projects.models import Problem
from tests.projects.factories import MilestoneFactory, ProblemFactory, ProjectFactory

ROUNDS = 3


def _form_data(form) -> dict:
    """What the edit page would post back unchanged (the version it was loaded with included)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = "on" if value is True else ("" if value is False else str(value))
    return data


def _post_at_once(user, url, payloads) -> list[int]:
    """Each payload posted by its own client in its own thread, released together."""
    barrier = threading.Barrier(len(payloads))
    statuses: list = []

    def post(data):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_milestone_at_once_one_wins_one_gets_409(office_staff):
    milestone = MilestoneFactory(project=ProjectFactory())
    url = reverse("projects:milestone_edit", args=[milestone.project_id, milestone.pk])
    for round_number in range(ROUNDS):
        milestone.refresh_from_db()
        loaded = _form_data(MilestoneForm(instance=milestone))
        payloads = [
            {**loaded, "title": f"第{round_number}轮 甲"},
            {**loaded, "title": f"第{round_number}轮 乙"},
        ]
        assert _post_at_once(office_staff, url, payloads) == [302, 409]
        milestone.refresh_from_db()
        assert milestone.title in {p["title"] for p in payloads}
        assert milestone.version == int(loaded["version"]) + 1


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_problem_at_once_one_wins_one_gets_409(office_staff, liaison):
    problem = ProblemFactory(project=ProjectFactory(), raised_by=liaison)
    url = reverse("projects:problem_edit", args=[problem.project_id, problem.pk])
    loaded = _form_data(ProblemForm(instance=problem))
    payloads = [{**loaded, "title": "甲改"}, {**loaded, "title": "乙改"}]
    assert _post_at_once(office_staff, url, payloads) == [302, 409]
    assert Problem.objects.get(pk=problem.pk).version == int(loaded["version"]) + 1


@pytest.mark.django_db
def test_sqlite_connections_use_wal_a_busy_timeout_and_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    assert connection.transaction_mode == "IMMEDIATE"
    assert connection.settings_dict["TEST"]["NAME"] != ":memory:"
