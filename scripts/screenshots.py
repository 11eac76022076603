"""Save a PNG of every main page, as each role sees it, for review.

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000] [--out screenshots]

Needs the site running with the demo data (`make run`) and Debian's chromium."""

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.pages import PAGES  # noqa: E402

DEMO_PASSWORD = "nantong-demo-2026"


def slug(user: str | None, path: str) -> str:
    return f"{user or 'anonymous'}_{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-') or 'home'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = {}
        for user, path in PAGES:
            if user not in contexts:
                context = browser.new_context(viewport={"width": args.width, "height": args.height})
                if user:
                    page = context.new_page()
                    page.goto(f"{args.base_url}/accounts/login/")
                    page.fill("#id_username", user)
                    page.fill("#id_password", DEMO_PASSWORD)
                    page.click("main form button")
                    page.close()
                contexts[user] = context
            page = contexts[user].new_page()
            page.goto(f"{args.base_url}{path}")
            target = out / f"{slug(user, path)}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
