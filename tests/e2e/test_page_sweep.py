"""Every main page (tests/e2e/pages.py, the pages of `make screenshots`), as the role that uses it,
passes the browser checks: no console error, no failed request, no horizontal scroll at 1366×768,
no serious or critical accessibility violation."""

import pytest
from django.core.management import call_command

from tests.e2e.pages import PAGES

API_DOCS = "/api/v1/docs/"


# Sequences restart, so the demo objects have the ids the page list names (on PostgreSQL too).
@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_every_main_page_passes_the_browser_checks(live_server, open_tab):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_indicators", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tabs = {}
    for user, path in PAGES:
        if user not in tabs:
            tabs[user] = open_tab(user)
        tab = tabs[user]
        tab.page.goto(tab.base_url + path)
        if path == API_DOCS:
            # Swagger UI draws the operations from the schema after the page has loaded.
            tab.page.wait_for_selector(".opblock-summary")
        tab.check()
    for tab in tabs.values():
        tab.assert_every_page_checked()
