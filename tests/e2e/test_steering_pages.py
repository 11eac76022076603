"""The steering review's pages with its demo data pass the same browser checks as every main page
(no console error, no failed request, no horizontal scroll at 1366×768, no serious or critical
axe violation), as the roles that use them."""

import pytest
from django.core.management import call_command

from steering.models import Meeting, StatusReport

NULL = "/dev/null"


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_steering_pages_pass_the_browser_checks(live_server, open_tab):
    call_command("seed_demo", stdout=open(NULL, "w"))  # noqa: SIM115
    call_command("seed_steering_demo", stdout=open(NULL, "w"))  # noqa: SIM115
    closed = Meeting.objects.get(status="closed")
    current = Meeting.objects.get(status="open")
    report = StatusReport.objects.filter(project__code="P01").order_by("-month").first()
    pages = [
        ("staff", "/steering/"),
        ("staff", f"/steering/meetings/{current.pk}/"),
        ("staff", f"/steering/meetings/{closed.pk}/"),
        ("staff", "/steering/meetings/new/"),
        ("staff", "/steering/projects/1/baselines/"),
        ("liaison", "/steering/projects/1/report/"),
        ("liaison", f"/steering/reports/{report.pk}/"),
        ("liaison", "/notifications/"),
        ("leader", "/projects/1/"),
        ("leader", f"/steering/actions/{closed.agenda.get(project__code='P01').actions.first().pk}/"),
    ]
    tabs = {}
    for user, path in pages:
        if user not in tabs:
            tabs[user] = open_tab(user)
        tab = tabs[user]
        tab.page.goto(tab.base_url + path)
        tab.check()
    for tab in tabs.values():
        tab.assert_every_page_checked()
