"""A Slack channel as its people use the bot: commands, clicks on the board, modal submissions."""

import json
import time

from sqlalchemy import select

from storage.models import Map
from tests.support.bidi import bare
from tests.support.fake_slack import ALICE


class Channelful:
    """A channel as its people use it: commands, clicks on the latest board, modal submissions."""

    def __init__(self, bot, fake_slack, uow) -> None:
        self.driver, self.fake, self.uow = bot.driver, fake_slack, uow

    def new_map(self, title: str = "Checkout journey") -> int:
        """Start a map and wait until its board is posted and remembered; returns the map's id."""
        posted = len([c for c in self.fake.calls_to("chat.postMessage") if not c.error])
        self.driver.command(f"new {title}", user=ALICE)
        ts = self.fake.wait_for("chat.postMessage", posted + 1, where=lambda c: not c.error)[-1].answer["ts"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with self.uow() as session:
                map_id = session.scalar(select(Map.id).where(Map.board_ts == ts))
            if map_id is not None:
                return map_id
            time.sleep(0.01)
        raise AssertionError("the board's ts was never stored")

    def say(self, text: str, user: str = ALICE) -> dict:
        """Type `/touchpoint <text>` and return the bot's reply: in the ack, or posted after it."""
        replies = len(self.fake.responses)
        reply = self.driver.command(text, user=user)
        assert reply.status == 200
        if reply.body:
            return reply.json()
        return self.fake.wait_for_response(replies + 1)[-1]

    def say_each(self, *texts: str, user: str = ALICE) -> list[dict]:
        """Type each command in turn, waiting for the reply to one before typing the next."""
        return [self.say(text, user=user) for text in texts]

    def board(self) -> list[dict]:
        """The board's blocks as the channel sees them now: the last update, or the first post (calls
        Slack answered with an error changed nothing)."""
        updates = [c for c in self.fake.calls_to("chat.update") if not c.error]
        posts = [c for c in self.fake.calls_to("chat.postMessage") if not c.error]
        return (updates[-1] if updates else posts[0]).json("blocks")

    def click(self, action_id: str, user: str = ALICE, **where) -> None:
        assert self.driver.click(self.board(), action_id, user=user, **where).status == 200

    def click_for_reply(self, action_id: str, user: str = ALICE) -> dict:
        """Click a board button and return what the bot answers the clicker (through the response_url)."""
        replies = len(self.fake.responses)
        self.click(action_id, user)
        return self.fake.wait_for_response(replies + 1)[-1]

    def open_modal(self, action_id: str, user: str = ALICE) -> tuple[dict, str]:
        opened = len(self.fake.calls_to("views.open"))
        self.click(action_id, user)
        call = self.fake.opened_form(opened)
        return call.json("view"), call.answer["view"]["id"]

    def submit(self, action_id: str, answers: dict, user: str = ALICE) -> dict:
        updates = len(self.fake.calls_to("chat.update"))
        view, view_id = self.open_modal(action_id, user)
        reply = self.driver.submit(view, view_id, answers, user=user)
        assert reply.status == 200
        if reply.body:
            return reply.json()
        self.fake.wait_for("chat.update", updates + 1)
        return {}

    def wait_for_board(self, text: str, timeout: float = 10) -> list[dict]:
        """Wait until the board shows `text`, direction marks aside (the bot updates it after its ack)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in bare(json.dumps(self.board(), ensure_ascii=False)):
                return self.board()
            time.sleep(0.01)
        raise AssertionError(f"the board never showed {text!r}: {json.dumps(self.board())[:800]}")

    def step(self) -> int:
        """The step the board is at, in any language: its *Back* and *Next step* buttons carry it."""
        [value] = {
            element["value"]
            for block in self.board()
            for element in block.get("elements", [])
            if element.get("action_id") in ("tp_next_step", "tp_previous_step")
        }
        return int(value.split(":")[1])

    def go_to_step(self, number: int) -> None:
        """A facilitator moves the map on with the board's button, until it is at step `number`."""
        while (current := self.step()) < number:
            self.click("tp_next_step")
            deadline = time.monotonic() + 10
            while self.step() == current:
                assert time.monotonic() < deadline, f"the board never left step {current}"
                time.sleep(0.01)
