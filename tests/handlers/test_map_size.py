"""Every handler runs as many SQL statements on a map of 2,000 touchpoints and 10,000 notes as on a map of
three: no query per stage, channel, touchpoint or note (no N+1). Speed at that size: benchmarks/size.py."""

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, event

from bot.blocks.ids import Action
from tests.handlers.test_home import _opened
from tests.support.big_map import BIG, SMALL, fill
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, FakeSlack
from tests.support.slack_driver import option_value

QUIET = 0.5  # seconds without a statement after a handler's last Slack call: its work is done


class StatementCounter:
    """Counts the statements every engine but the test's own runs (that is, the bot's)."""

    def __init__(self, ignored: Engine) -> None:
        self.ignored = ignored
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, connection, cursor, statement, parameters, context, executemany) -> None:
        if connection.engine is not self.ignored:
            with self._lock:
                self.count += 1

    def during(self, action: Callable[[], object]) -> int:
        """The statements run by `action` (which returns once the handler's last Slack call is made) and
        the work it set off after the ack, counted until none has run for a while."""
        before = self.count
        action()
        last, quiet_since = self.count, time.monotonic()
        while time.monotonic() - quiet_since < QUIET:
            time.sleep(0.02)
            if self.count != last:
                last, quiet_since = self.count, time.monotonic()
        return self.count - before


@pytest.fixture
def statements(engine: Engine) -> Iterator[StatementCounter]:
    counter = StatementCounter(ignored=engine)
    event.listen(Engine, "before_cursor_execute", counter)
    yield counter
    event.remove(Engine, "before_cursor_execute", counter)


def _button(action_id: str, value: str) -> list[dict]:
    """A message with one button, as the bot posts them (the board, the touchpoints to analyse)."""
    element = {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text"}}
    return [{"type": "actions", "block_id": "b", "elements": [element]}]


class Handlers:
    """The main handlers, each driven over HTTP and waited for until its last Slack call."""

    def __init__(self, channel: Channelful, fake: FakeSlack, map_id: int) -> None:
        self.channel, self.fake, self.driver, self.map_id = channel, fake, channel.driver, map_id

    def _open(self, action_id: str, value: str) -> tuple[dict, str]:
        opened = len(self.fake.calls_to("views.open"))
        assert self.driver.click(_button(action_id, value), action_id).status == 200
        call = self.fake.opened_form(opened)
        return call.json("view"), call.answer["view"]["id"]

    def _submit(self, view: dict, view_id: str, answers: dict) -> None:
        updates = len(self.fake.calls_to("chat.update"))
        reply = self.driver.submit(view, view_id, answers)
        assert reply.status == 200 and not reply.body, reply.body
        self.fake.wait_for("chat.update", updates + 1)

    def round(self, tag: str, touchpoint_id: int, n: int) -> dict[str, Callable[[], object]]:
        analyse = f"{self.map_id}:{touchpoint_id}"
        added: dict = {}
        return {
            "status": lambda: self.channel.say("status"),
            "board refresh (language)": lambda: self.channel.say("language en"),
            "add touchpoint (command)": lambda: self.channel.say(
                f"add Stage {tag}1 / Channel {tag}1 / Quick {n}"
            ),
            "add touchpoint modal": lambda: added.update(
                zip(("view", "id"), self._open(Action.ADD_TOUCHPOINT, str(self.map_id)), strict=True)
            ),
            "add touchpoint (submitted)": lambda: self._submit(
                added["view"],
                added["id"],
                {
                    "stage": option_value(added["view"], "stage", f"Stage {tag}2"),
                    "channel": option_value(added["view"], "channel", f"Channel {tag}2"),
                    "title": f"Modal {n}",
                },
            ),
            "analyse modal": lambda: added.update(
                zip(("view", "id"), self._open(Action.ANALYSE, analyse), strict=True)
            ),
            "vote (submitted)": lambda: self._submit(
                added["view"], added["id"], {"negative": "Slow", "score": "-1", "vote": ["vote"], "next": []}
            ),
            "home": lambda: self._home(),
        }

    def _home(self) -> None:
        published = len(self.fake.calls_to("views.publish"))
        assert self.driver.event(_opened(ALICE)).status == 200
        self.fake.wait_for("views.publish", published + 1)


def test_each_handler_runs_as_many_statements_on_a_big_map_as_on_a_small_one(
    bot, fake_slack, uow, statements
):
    channel = Channelful(bot, fake_slack, uow)
    map_id = channel.new_map()
    handlers = Handlers(channel, fake_slack, map_id)
    with uow() as session:
        small = fill(session, map_id, SMALL, tag="s")
    for each in handlers.round("s", small[0], 0).values():  # warm the caches (membership, locale)
        each()
    on_small = {name: statements.during(run) for name, run in handlers.round("s", small[1], 1).items()}
    with uow() as session:
        big = fill(session, map_id, BIG, tag="b")
    on_big = {name: statements.during(run) for name, run in handlers.round("b", big[-1], 2).items()}

    assert on_big == on_small
    assert all(count > 0 for count in on_small.values())
