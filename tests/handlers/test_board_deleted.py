"""A board message deleted in Slack (by a person, an admin, or chat.delete) comes back: the next refresh
gets `message_not_found`, posts a new board and remembers it; the board carries message metadata naming
its map."""

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select

from storage.models import Map
from tests.support.channel import Channelful
from tests.support.fake_slack import BOT_TOKEN, WORKSHOP_CHANNEL


def _board_ts(uow, map_id: int, expected: str) -> str | None:
    """The map's board ts once it is `expected` (remembered after the post), or as it is after 10 s."""
    deadline = time.monotonic() + 10
    while True:
        with uow() as session:
            ts = session.scalar(select(Map.board_ts).where(Map.id == map_id))
        if ts == expected or time.monotonic() > deadline:
            return ts
        time.sleep(0.01)


def test_a_deleted_board_is_posted_again_and_remembered(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = channel.new_map()
    [first] = [c for c in fake_slack.calls_to("chat.postMessage") if not c.error]
    assert first.json("metadata") == {"event_type": "touchpoint_board", "event_payload": {"map_id": map_id}}
    gone = first.answer["ts"]
    fake_slack.delete_message(WORKSHOP_CHANNEL, gone)  # a person deletes the board

    replies = len(fake_slack.responses)
    assert channel.say("stage add Awareness")["text"] == "Added the stage “Awareness”."

    [refused] = fake_slack.wait_for("chat.update", where=lambda c: c.error == "message_not_found")
    assert refused.args["ts"] == gone
    [_, again] = fake_slack.wait_for("chat.postMessage", 2, where=lambda c: not c.error)
    assert "1 stage" in str(again.args["blocks"])
    assert again.json("metadata")["event_payload"] == {"map_id": map_id}
    assert _board_ts(uow, map_id, again.answer["ts"]) == again.answer["ts"] != gone
    assert len(fake_slack.responses) == replies  # nobody is told it "will catch up": it did

    channel.say("stage add Purchase")  # the next change updates the new board
    [updated] = fake_slack.wait_for("chat.update", where=lambda c: not c.error and "2 stages" in str(c.args))
    assert updated.args["ts"] == again.answer["ts"]
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if not c.error]) == 2


def test_the_stand_in_answers_message_not_found_after_chat_delete(fake_slack):
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.url)
    ts = client.chat_postMessage(channel=WORKSHOP_CHANNEL, text="board")["ts"]

    client.chat_delete(channel=WORKSHOP_CHANNEL, ts=ts)

    for call in (
        lambda: client.chat_update(channel=WORKSHOP_CHANNEL, ts=ts, text="again"),
        lambda: client.chat_delete(channel=WORKSHOP_CHANNEL, ts=ts),
    ):
        with pytest.raises(SlackApiError) as refused:
            call()
        assert refused.value.response["error"] == "message_not_found"
