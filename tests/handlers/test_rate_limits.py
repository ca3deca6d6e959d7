"""The bot under Slack's rate limits and outages (bot/pacing.py, the board's catch-up): a 429 after the ack is
retried as often as Slack asks and never reaches the person; before an ack it is retried while the ack
can still go in time; a board that Slack's outage kept from updating comes true once Slack is back,
without another change."""

import time

from sqlalchemy import select

from bot.playground.limits import RateLimits
from storage.models import SlackAnswer, Stage
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, Failure

LIMITED = Failure(status=429, error="ratelimited", headers={"Retry-After": "1"})


def test_a_board_update_rate_limited_again_and_again_is_retried_until_it_lands(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail("chat.update", Failure(LIMITED.status, LIMITED.error, LIMITED.headers, times=4))
    replies = len(fake_slack.responses)

    assert channel.say("stage add Awareness")["text"] == "Added the stage “Awareness”."
    channel.wait_for_board("1 stage", timeout=20)
    assert [c.error for c in fake_slack.calls_to("chat.update")] == ["ratelimited"] * 4 + [None]
    assert len(fake_slack.responses) == replies  # nobody was told anything went wrong


def test_a_rate_limit_before_the_ack_is_waited_for_while_the_ack_can_still_go_in_time(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail("conversations.members", LIMITED)

    assert channel.say("stage add Awareness")["text"] == "Added the stage “Awareness”."
    limited, answered = fake_slack.calls_to("conversations.members")[-2:]
    assert (limited.error, answered.error) == ("ratelimited", None)
    with uow() as session:
        assert list(session.scalars(select(Stage.name))) == ["Awareness"]


def test_a_board_slack_could_not_update_in_an_outage_comes_true_when_slack_is_back(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.outages.start("chat.update", 4)

    channel.say("stage add Awareness")  # the last change: nothing after it refreshes the board
    channel.wait_for_board("1 stage", timeout=30)
    assert fake_slack.outages.refused["chat.update"] >= 3  # the first try and its two retries failed


def test_under_slack_s_limits_a_burst_of_changes_paces_itself_and_gets_no_429(bot, fake_slack, uow):
    fake_slack.limits = RateLimits()
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    for n in range(8):
        channel.say(f"stage add Stage {n}")
    channel.wait_for_board("8 stages", timeout=20)
    assert fake_slack.limits.refused == {}


def test_a_modal_slack_is_too_busy_to_open_is_said_as_such_and_not_retried_past_its_trigger(
    bot, fake_slack, uow
):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail("views.open", Failure(status=429, error="ratelimited", headers={"Retry-After": "5"}))
    replies = len(fake_slack.responses)

    channel.click("tp_add_stage")
    told = fake_slack.wait_for_response(replies + 1)[-1]
    assert told["text"].endswith(
        "Slack is too busy to open that form just now. Please try again in a few seconds."
    )
    assert [c.error for c in fake_slack.calls_to("views.open")] == [
        "ratelimited"
    ]  # its trigger is gone by then


def test_a_person_s_language_slack_is_too_busy_to_tell_is_done_without_and_not_kept_for_everyone(
    bot, fake_slack, uow
):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail("users.info", Failure(status=429, error="ratelimited", headers={"Retry-After": "30"}))
    replies = len(fake_slack.responses)

    started = time.monotonic()
    channel.driver.command("stage add Awareness", user=BOB)  # Bob's first: his language isn't known yet
    told = fake_slack.wait_for_response(replies + 1)[-1]
    assert told["text"].endswith("Added the stage “Awareness”.")  # in the map's language, at once
    assert time.monotonic() - started < 10  # not after Slack's 30 s
    asked = [c for c in fake_slack.calls_to("users.info") if c.args.get("user") == BOB]
    assert [c.error for c in asked] == ["ratelimited"]
    with uow() as session:  # the failure is this process's for a minute (FAILED_TTL), never an answer
        assert f"user:{BOB}" not in session.scalars(select(SlackAnswer.key)).all()
