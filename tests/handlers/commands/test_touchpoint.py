"""`/touchpoint` over signed HTTP, from the request Slack sends to the rows stored and the calls made."""

import json

from sqlalchemy import func, select

from storage.models import Facilitator, Map, ProcessedRequest
from tests.support.channel import Channelful
from tests.support.fake_slack import BOT_USER_ID, TEAM_ID, Failure


def _maps(uow) -> list[Map]:
    with uow() as session:
        return list(session.scalars(select(Map)))


def test_new_creates_a_map_and_posts_its_board(bot, fake_slack, uow):
    reply = bot.driver.command("new Checkout journey", user="U0ALICE01", channel="C0WORKSHOP")

    assert reply.status == 200
    assert reply.body == ""  # acked at once; the board follows
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post.args["channel"] == "C0WORKSHOP"
    blocks = json.loads(post.args["blocks"]) if isinstance(post.args["blocks"], str) else post.args["blocks"]
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Checkout journey", "emoji": True},
    }
    shown = json.dumps(blocks)
    for step in ("Timeline", "Touchpoints", "Analysis", "Iteration"):
        assert step in shown
    assert "<@U0ALICE01>" in shown
    assert post.args["text"] == "Touchpoint map: Checkout journey"

    [created] = _maps(uow)
    assert (created.team_id, created.channel_id, created.title, created.step) == (
        TEAM_ID,
        "C0WORKSHOP",
        "Checkout journey",
        1,
    )
    with uow() as session:
        assert session.scalars(select(Facilitator.user_id).where(Facilitator.map_id == created.id)).all() == [
            "U0ALICE01"
        ]


def test_title_keeps_persian_and_arabic_text_as_typed(bot, fake_slack, uow):
    title = "سفر خرید\u200cآنلاین و الشراء"
    bot.driver.command(f"new {title}")
    fake_slack.wait_for("chat.postMessage")
    assert [m.title for m in _maps(uow)] == [title]


def test_help_and_unknown_subcommands_answer_with_usage(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)  # Alice unknown: answered after the ack
    for text in ("help", "", "frobnicate now"):
        answer = channel.say(text)
        assert answer["response_type"] == "ephemeral"
        assert "/touchpoint new" in answer["text"]
    assert "I don't know `frobnicate`" in answer["text"]
    assert _maps(uow) == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_empty_or_overlong_title_is_refused_and_changes_nothing(bot, fake_slack, uow):
    empty = Channelful(bot, fake_slack, uow).say("new    ")
    assert empty["response_type"] == "ephemeral"
    assert "Give the map a title" in empty["text"]

    long = bot.driver.command("new " + "x" * 151).json()
    assert long["response_type"] == "ephemeral"
    assert "at most 150 characters; it has 151" in long["text"]

    assert bot.driver.command("new " + "x" * 150).status == 200
    fake_slack.wait_for("chat.postMessage")
    assert [len(m.title) for m in _maps(uow)] == [150]


def test_the_same_request_delivered_twice_creates_one_map(bot, fake_slack, uow):
    from urllib.parse import urlencode

    body = urlencode(bot.driver.command_body("new Onboarding")).encode()
    for _ in range(2):
        assert bot.driver.post(body, "application/x-www-form-urlencoded").status == 200
    fake_slack.wait_for("chat.postMessage")
    with uow() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedRequest)) == 1
    assert len(_maps(uow)) == 1


def test_a_channel_without_the_bot_gets_told_and_keeps_no_map(bot, fake_slack, uow):
    fake_slack.members["C0WORKSHOP"].discard(BOT_USER_ID)
    bot.driver.command("new Checkout journey", channel="C0WORKSHOP")
    [answer] = fake_slack.wait_for_response()
    assert answer["response_type"] == "ephemeral"
    assert "/invite @Touchpoint" in answer["text"]
    assert _maps(uow) == []


def test_when_slack_keeps_failing_the_user_is_told_and_no_map_is_left(bot, fake_slack, uow):
    fake_slack.fail("chat.postMessage", Failure(status=500, error="internal_error", times=3))
    bot.driver.command("new Checkout journey")
    [answer] = fake_slack.wait_for_response()
    assert answer["response_type"] == "ephemeral"
    assert "nothing was saved" in answer["text"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 3  # the first try and two retries
    assert _maps(uow) == []


def test_concurrent_first_requests_from_a_new_team_all_succeed(bot, fake_slack, uow):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda i: bot.driver.command(f"new Journey {i}"), range(8)))
    assert {r.status for r in replies} == {200}
    fake_slack.wait_for("chat.postMessage", 8)
    assert sorted(m.title for m in _maps(uow)) == [f"Journey {i}" for i in range(8)]
