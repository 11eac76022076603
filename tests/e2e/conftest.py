"""Browser tests: Playwright drives Debian's chromium (from apt, never a Playwright download)
against the live test server."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.browser import CheckedTab
from tests.e2e.chromium import CHROMIUM, CHROMIUM_ARGS


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


# Where a failing flow leaves a screenshot of each of its tabs, for the person who reads the failure.
FAILURE_SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e-failures"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.call_failed = report.failed


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"needs Debian's chromium at {CHROMIUM} (scripts/setup.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API keeps an event loop in this thread; Django's ORM, called by the test
    # between browser steps, would otherwise refuse to run next to it.
    environment = pytest.MonkeyPatch()
    environment.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    environment.undo()


@pytest.fixture
def open_tab(request, browser, live_server, settings, tmp_path):
    """``open_tab("staff")``: a new browser context logged in as that demo user."""
    settings.MEDIA_ROOT = tmp_path / "media"
    tabs = []

    def open_tab(username: str | None = None) -> CheckedTab:
        tab = CheckedTab(browser, live_server.url, name=username or "anonymous")
        if username:
            tab.log_in(username)
        tabs.append(tab)
        return tab

    yield open_tab
    for number, tab in enumerate(tabs, start=1):
        if getattr(request.node, "call_failed", False):
            FAILURE_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)
            tab.page.screenshot(path=str(FAILURE_SCREENSHOTS / f"{name}-tab{number}.png"), full_page=True)
        tab.close()
