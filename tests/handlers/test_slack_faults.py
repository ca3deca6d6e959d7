"""Slack's Web API failing under the bot: rate limits (429 with Retry-After), server errors and dropped
connections are retried as Slack asks; when Slack keeps failing, the person is told, and the database
holds either the whole change or none of it."""

import json

from sqlalchemy import select

from storage.models import Channel, Map, Stage
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, Failure


def _stages(uow) -> list[str]:
    with uow() as session:
        return list(session.scalars(select(Stage.name).order_by(Stage.position)))


def test_a_rate_limited_call_is_retried_after_the_wait_slack_asks_for(bot, fake_slack, uow):
    fake_slack.fail(
        "chat.postMessage", Failure(status=429, error="ratelimited", headers={"Retry-After": "1"})
    )
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()

    limited, posted = fake_slack.calls_to("chat.postMessage")
    assert (limited.error, posted.error) == ("ratelimited", None)
    assert posted.at - limited.at >= 1.0


def test_server_errors_and_dropped_connections_are_retried(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail("chat.update", Failure(status=503, error="service_unavailable"))
    fake_slack.fail("chat.update", Failure(drop=True))

    assert channel.say("stage add Awareness")["text"] == "Added the stage “Awareness”."
    channel.wait_for_board("1 stage")
    assert [c.error for c in fake_slack.calls_to("chat.update")] == ["service_unavailable", "dropped", None]


def test_a_change_stays_saved_when_its_board_cannot_be_updated_and_the_next_one_catches_up(
    bot, fake_slack, uow
):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail("chat.update", Failure(status=500, error="internal_error", times=3))

    replies = len(fake_slack.responses)
    added = channel.say("stage add Awareness")  # the person's language is known: confirmed in the ack
    failed = fake_slack.wait_for_response(replies + 1)[-1]
    assert added["text"] == "Added the stage “Awareness”."
    assert failed["response_type"] == "ephemeral"
    assert failed["text"] == (
        "Saved, but I couldn't update the channel just now: it will catch up with the next change."
    )
    assert _stages(uow) == ["Awareness"]

    channel.say("stage add Purchase")
    assert "2 stages" in json.dumps(channel.wait_for_board("2 stages"))


def test_a_modal_s_change_whose_board_cannot_be_updated_is_said_in_the_channel(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    view, view_id = channel.open_modal("tp_add_channel")
    fake_slack.fail("chat.update", Failure(status=500, error="internal_error", times=3))

    reply = channel.driver.submit(view, view_id, {"name": "Email"})
    assert (reply.status, reply.body) == (200, "")  # saved: the modal closes
    told = fake_slack.wait_for("chat.postEphemeral")[-1].args
    assert (told["channel"], told["user"]) == ("C0WORKSHOP", ALICE)
    assert told["text"] == (
        "Saved, but I couldn't update the channel just now: it will catch up with the next change."
    )
    with uow() as session:
        assert list(session.scalars(select(Channel.name))) == ["Email"]


def test_a_step_change_whose_announcement_fails_is_kept_and_said_so(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail("chat.postMessage", Failure(drop=True, times=3))

    reply = channel.say("next")
    assert reply["text"].startswith("Saved, but I couldn't update the channel just now")
    with uow() as session:
        assert session.scalar(select(Map.step)) == 2
    channel.wait_for_board("Step 2 of 4")  # the board is refreshed after a failed announcement too


def test_a_rate_limit_longer_than_the_bot_waits_fails_at_once_and_saves_nothing(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail(
        "conversations.members", Failure(status=429, error="ratelimited", headers={"Retry-After": "120"})
    )
    reply = channel.say("stage add Awareness")  # the membership check asks Slack first

    assert (
        reply["text"]
        == "Something went wrong on my side and nothing was saved. Please try again in a moment."
    )
    assert len(fake_slack.calls_to("conversations.members")) == 1  # no two-minute wait, no retry
    assert _stages(uow) == []
