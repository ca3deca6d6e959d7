"""Browser tests: the playground's page in a real Chromium (Debian's chromium and chromium-driver), driven by
Selenium as a person uses it. Without Chromium they are skipped, loudly, and the end of the run says how
to install it; they never pass silently."""

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from bot.playground.serve import Running
from tests.support.playground import started

# Debian's places; CHROMIUM and CHROMEDRIVER name others.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
INSTALL = "apt-get install -y chromium chromium-driver"
MISSING = (
    f"BROWSER TESTS NOT RUN: Chromium is not installed ({CHROMIUM} and {CHROMEDRIVER} are needed). "
    f"Install Debian's packages with `{INSTALL}` and run the tests again."
)
# As the development machine's probe starts Chromium: headless, as root, with no network of its own.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1440,900",
    "--lang=en-GB",
)
_skipped: list[str] = []


def chromium(profile: Path) -> webdriver.Chrome:
    """A fresh Chromium with its own profile directory."""
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


@pytest.fixture(scope="session")
def browser_available() -> None:
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        _skipped.append(MISSING)
        pytest.skip(MISSING)


@pytest.fixture
def browsers(browser_available: None) -> Iterator[Callable[[], webdriver.Chrome]]:
    """Opens Chromium windows, one per person, each with a fresh profile; all closed after the test."""
    opened: list[tuple[webdriver.Chrome, str]] = []

    def open_one() -> webdriver.Chrome:
        profile = tempfile.mkdtemp(prefix="touchpoint-chromium-")
        driver = chromium(Path(profile))
        opened.append((driver, profile))
        return driver

    yield open_one
    for driver, profile in opened:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def playground(browser_available: None, database_url: str, tmp_path: Path) -> Iterator[Running]:
    """The playground as `touchpoint-bot run` starts it, on each database the suite runs on (SQLite by
    default, PostgreSQL where TEST_DATABASE_URL names a server)."""
    running = started(database_url, tmp_path / "touchpoint-playground.json")
    yield running
    running.stop()
    assert not running.slack.rejected, f"the bot made calls Slack would refuse: {running.slack.rejected}"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _skipped:
        terminalreporter.write_sep("!", "browser tests skipped", red=True, bold=True)
        terminalreporter.write_line(_skipped[0], red=True, bold=True)
