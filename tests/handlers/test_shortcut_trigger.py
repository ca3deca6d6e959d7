"""The message shortcut against a slow Slack: the trigger_id lives 3 seconds of wall-clock time, so the
shortcut opens its modal first and fills it once the person's maps are found; a map whose channel the bot
can no longer see is left out."""

import json

from tests.support.fake_slack import ALICE, BOT_USER_ID, WORKSHOP_CHANNEL

SUPPORT = "C0SUPPORT"
QUOTE = {"ts": "1700000001.000200", "user": "U0CUSTOMR", "text": "Checkout keeps failing!"}


def _maps(bot, fake_slack, channels: list[str]) -> None:
    """A map in each of `channels`, Alice in all of them."""
    for n, channel in enumerate(channels):
        fake_slack.workspace.add_channel(channel, "T0TEAM001", channel.lower(), {ALICE, BOT_USER_ID})
        assert bot.driver.command(f"new Journey {n}", channel=channel).status == 200
    fake_slack.wait_for("chat.postMessage", len(channels), where=lambda c: not c.error)


def _form(fake_slack) -> dict:
    [opening] = fake_slack.wait_for("views.open")
    assert opening.error is None
    [form] = fake_slack.wait_for(
        "views.update", where=lambda c: c.args.get("view_id") == opening.answer["view"]["id"]
    )
    return form.json("view")


def test_the_shortcut_opens_its_modal_before_slack_has_answered_who_is_where(bot, fake_slack):
    channels = [f"C0SLOW{n:04d}" for n in range(6)]
    _maps(bot, fake_slack, channels)
    fake_slack.trigger_ttl = 3.0  # Slack's: checked one after another, six channels would take 6 s
    fake_slack.delays["conversations.members"] = 1.0
    asked = len(fake_slack.calls_to("conversations.members"))

    assert bot.driver.shortcut("tp_add_to_map", QUOTE, channel=SUPPORT, user=ALICE).status == 200

    form = json.dumps(_form(fake_slack))
    assert all(f"Journey {n}" in form for n in range(6))
    assert [c.error for c in fake_slack.calls_to("views.open")] == [None]
    checked = {c.args["channel"] for c in fake_slack.calls_to("conversations.members")[asked:]}
    assert checked == set(channels)  # Slack was asked, slowly, about each channel


def test_a_map_whose_channel_the_bot_cannot_see_is_left_out_of_the_shortcut(bot, fake_slack):
    _maps(bot, fake_slack, [WORKSHOP_CHANNEL, "C0REMOVED"])
    fake_slack.members["C0REMOVED"].discard(BOT_USER_ID)  # conversations.members: channel_not_found

    assert bot.driver.shortcut("tp_add_to_map", QUOTE, channel=SUPPORT, user=ALICE).status == 200

    form = json.dumps(_form(fake_slack))
    assert "Journey 0" in form and "Journey 1" not in form
    assert any(c.error == "channel_not_found" for c in fake_slack.calls_to("conversations.members"))
