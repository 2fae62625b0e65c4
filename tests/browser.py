"""Headless Chromium for the course's browser tests (Playwright, sync API).

Test files get it as the module-scoped fixture ``browser`` (defined in
tests/conftest.py from ``chromium_session`` below), or call
``launch_chromium(playwright)`` themselves. The browser is the system
Chromium at /usr/bin/chromium; ``playwright install`` is never needed.

When Playwright or Chromium is missing the tests are skipped, except on CI
(environment variable CI=true), where a missing browser must not hide failures:
there they fail and ask for the install step.
"""

import os
from pathlib import Path

import pytest

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = (
    "run the install step: bash tests/install.sh (Debian's chromium package and the "
    f"pinned Python packages; the tests use {CHROMIUM_PATH}, never `playwright install`)"
)


def skip_or_fail(reason):
    """Skip locally, but fail on CI (CI=true) so a broken setup is noticed."""
    message = f"{reason}; {INSTALL_HINT}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def launch_chromium(playwright):
    """Launch the system Chromium headless, with no background network traffic."""
    if not Path(CHROMIUM_PATH).exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM_PATH}")
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )


def chromium_session():
    """One headless Chromium (a generator: the `browser` fixture of tests/conftest.py)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the Python package playwright is not installed")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
