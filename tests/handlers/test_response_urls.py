"""Slack takes a response_url five times within thirty minutes: the bot counts its uses and, past them,
replies with chat.postEphemeral to the same person in the same channel, so no reply is dropped."""

import json
from urllib.request import Request, urlopen

from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, WORKSHOP_CHANNEL
from tests.support.slack_driver import SlackDriver


def _one_url_driver(bot, fake_slack, name: str) -> SlackDriver:
    """Requests that all carry the same response_url, as the replies of one long conversation share it."""
    return SlackDriver(
        bot.driver.endpoint, fake_slack.response_url(name), slack=fake_slack, one_response_url=True
    )


def _ephemerals(fake_slack) -> list[str]:
    return [c.args["text"] for c in fake_slack.calls_to("chat.postEphemeral") if not c.error]


def test_seven_replies_on_one_response_url_all_arrive(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.say("stage add Awareness")  # Alice is known now
    driver = _one_url_driver(bot, fake_slack, "long")
    replies, posted = len(fake_slack.responses), len(_ephemerals(fake_slack))

    for _ in range(7):
        assert driver.command("status", user=ALICE).status == 200
    fake_slack.wait_for_response(replies + 5)
    fake_slack.wait_for("chat.postEphemeral", posted + 2, where=lambda c: not c.error)

    by_url = fake_slack.responses[replies:]
    by_post = [c for c in fake_slack.calls_to("chat.postEphemeral") if not c.error][posted:]
    assert len(by_url) == 5 and len(by_post) == 2
    assert [s["text"] for s in by_url] + _ephemerals(fake_slack)[posted:] == [
        "Touchpoint map: Checkout journey"
    ] * 7
    assert all(c.json("blocks") == by_url[0]["blocks"] for c in by_post)  # the same status, blocks and all
    assert [c for c in fake_slack.calls_to("response_url") if c.error] == []  # never refused: counted
    [to] = {(c.args["channel"], c.args["user"]) for c in fake_slack.calls_to("chat.postEphemeral")}
    assert to == (WORKSHOP_CHANNEL, ALICE)


def test_a_response_url_slack_refuses_is_replaced_by_an_ephemeral_message(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.say("stage add Awareness")
    url = fake_slack.response_url("spent")
    for n in range(5):  # spent elsewhere (another instance of the bot): this one can't count those
        post = Request(
            url, data=json.dumps({"text": f"{n}"}).encode(), headers={"Content-Type": "application/json"}
        )
        with urlopen(post) as answer:
            assert answer.status == 200
    posted = len(_ephemerals(fake_slack))

    assert _one_url_driver(bot, fake_slack, "spent").command("status", user=ALICE).status == 200
    fake_slack.wait_for("chat.postEphemeral", posted + 1, where=lambda c: not c.error)
    assert _ephemerals(fake_slack)[-1] == "Touchpoint map: Checkout journey"
    assert [c.error for c in fake_slack.calls_to("response_url") if c.error] == ["used_url"]
