"""Debian's chromium and the flags it runs with here, for the browser tests and scripts/screenshots.py.
Without the background-networking flags chromium keeps trying hosts this closed network refuses."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
