"""Real `touchpoint-bot run` processes in HTTP mode, against the fake Slack, on one PostgreSQL database."""

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from bot.server import EVENTS_PATH
from tests.support.database import postgres_database
from tests.support.fake_slack import ALICE, BOT_TOKEN, FakeSlack
from tests.support.process import BotProcess
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver


@pytest.fixture
def shared_database() -> Iterator[str]:
    """A PostgreSQL database (a schema of its own) for several instances; skipped, saying why, without
    TEST_DATABASE_URL. The instances migrate it themselves when they start."""
    with postgres_database() as url:
        yield url


def bot_settings(fake: FakeSlack, database_url: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }


@dataclass
class Instance:
    process: BotProcess
    driver: SlackDriver


def instance(process: BotProcess, fake: FakeSlack) -> Instance:
    return Instance(
        process, SlackDriver(process.base_url + EVENTS_PATH, fake.response_url("command"), slack=fake)
    )


def say(bot: Instance, fake: FakeSlack, text: str, user: str = ALICE) -> dict:
    """Type `/touchpoint <text>` to `bot` and return the bot's reply: in the ack, or posted after it."""
    replies = len(fake.responses)
    reply = bot.driver.command(text, user=user)
    assert reply.status == 200
    if reply.body:
        return reply.json()
    return fake.wait_for_response(replies + 1)[-1]


def wait_until(check: Callable[[], object], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def settled_board(fake: FakeSlack, ts: str, quiet: float = 2.0) -> str:
    """The board's blocks (as JSON) once no instance has updated it for `quiet` seconds."""

    def updates() -> list:
        return [c for c in fake.calls_to("chat.update") if c.args["ts"] == ts and not c.error]

    seen, since = len(updates()), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.1)
        if len(updates()) != seen:
            seen, since = len(updates()), time.monotonic()
    return json.dumps(updates()[-1].json("blocks"))
