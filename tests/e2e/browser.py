"""A logged-in browser tab whose every page is checked the same way: no console error, no failed
request, no horizontal scroll at 1366×768, and no serious or critical axe-core violation."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from demo.accounts import DEMO_PASSWORD

VIEWPORT = {"width": 1366, "height": 768}
SERIOUS_IMPACTS = {"serious", "critical"}
# The API docs page hosts the vendored Swagger UI, whose own markup (low-contrast method badges,
# buttons inside buttons) is not ours to fix; the rest of that page is still checked.
AXE_CONTEXT = {"exclude": [["#swagger-ui"]]}
AXE = Axe()
# E2E_SCREENSHOTS=folder: every checked page is also saved there as a PNG, for review.
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS")


class PageProblems(AssertionError):
    pass


class CheckedTab:
    """One browser context with one page. Every page it loads must be passed to ``check`` before
    the flow ends (``assert_every_page_checked``), so no visited page escapes the checks."""

    def __init__(self, browser, base_url: str, name: str = "anonymous"):
        self.base_url = base_url
        self.name = name
        self.context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        self.checks = 0
        self.expected_aborts: set[str] = set()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)
        self.page.on("load", lambda page: self.loaded.append(page.url))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _on_request_failed(self, request) -> None:
        # Following a link to a file turns the navigation into a download, which Chromium reports
        # as an aborted request; only the downloads a flow asked for are excused.
        if request.url in self.expected_aborts and "ERR_ABORTED" in (request.failure or ""):
            return
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.check()

    def log_in(self, username: str) -> None:
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.submit(self.page.locator("main form button"))

    def submit(self, button) -> None:
        """Click a button or link that loads a new page, then check that page."""
        with self.page.expect_navigation():
            button.click()
        self.check()

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state("load")
        found = list(self.problems)
        self.problems.clear()
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            found.append(f"horizontal scroll on {page.url}: content {width[0]} px wide in {width[1]} px")
        violations = AXE.run(page, context=AXE_CONTEXT).response["violations"]
        for violation in violations:
            if violation["impact"] in SERIOUS_IMPACTS:
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
                found.append(f"axe {violation['impact']} {violation['id']} on {page.url}: {targets}")
        if found:
            raise PageProblems("\n".join(found))
        self.checked.add(page.url)
        self.checks += 1
        if SCREENSHOTS:
            self._save_screenshot(Path(SCREENSHOTS))

    def _save_screenshot(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", self.path().lower()).strip("-") or "home"
        self.page.screenshot(path=str(folder / f"{self.checks:02d}-{self.name}-{slug}.png"), full_page=True)

    def assert_every_page_checked(self) -> None:
        unchecked = [url for url in self.loaded if url not in self.checked and url != "about:blank"]
        assert not unchecked, f"pages loaded but never checked: {unchecked}"
        assert not self.problems, "\n".join(self.problems)

    def close(self) -> None:
        self.context.close()
