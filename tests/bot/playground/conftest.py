"""A whole playground per test, and its page's endpoints (tests/support/playground.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.playground.serve import Running
from tests.support.playground import Page, started


@pytest.fixture
def playground(database_url: str, tmp_path: Path) -> Iterator[Running]:
    running = started(database_url, tmp_path / "touchpoint-playground.json")
    yield running
    running.stop()
    assert not running.slack.rejected, f"the bot made calls Slack would refuse: {running.slack.rejected}"


@pytest.fixture
def page(playground: Running) -> Page:
    return Page(playground.url)
