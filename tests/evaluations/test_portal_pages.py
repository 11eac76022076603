"""The evaluator portal lists an agency's assignments 50 at a time."""

from demo.scale import seed_scale
from evaluations.models import Assessment


def test_portal_pages_through_the_agency_assignments(client, evaluator, office_staff):
    seed_scale(projects=40)  # 80 assignments, all to the evaluator's agency (the only one)
    client.force_login(evaluator)

    first = client.get("/evaluations/")
    second = client.get("/evaluations/?page=2")

    shown = list(first.context["assessments"]) + list(second.context["assessments"])
    assert [len(first.context["assessments"]), len(second.context["assessments"])] == [50, 30]
    expected = Assessment.objects.filter(agency=evaluator.agency).order_by("due_on", "project__code")
    assert [a.pk for a in shown] == [a.pk for a in expected]
