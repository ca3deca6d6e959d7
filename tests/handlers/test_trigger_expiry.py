"""Modals against a slow Slack: a trigger_id lives 3 seconds of wall-clock time. A form slow to make (the
message shortcut checking the person's maps' channels, a board button asking Slack who is in the channel)
opens a waiting modal within its budget, and the form, or what went wrong, replaces it; a map whose
channel the bot can no longer see is left out of the shortcut."""

import json

import handlers.modals
from bot.i18n import translator
from tests.support.bidi import bare
from tests.support.channel import Channelful
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
    form = fake_slack.opened_form(0)
    assert form.error is None
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


def test_a_refusal_found_after_the_waiting_modal_opened_is_said_in_it_in_the_readers_language(
    bot, fake_slack
):
    _maps(bot, fake_slack, [f"C0SLOW{n:04d}" for n in range(3)])  # Alice's maps, not Zoe's
    zoe = "U0ZOE0001"
    fake_slack.person(zoe).locale = "fa-IR"
    fake_slack.delays["conversations.members"] = 1.0  # Zoe's maps are known only after the budget

    assert bot.driver.shortcut("tp_add_to_map", QUOTE, channel=SUPPORT, user=zoe).status == 200

    [waiting] = fake_slack.wait_for("views.open")
    assert waiting.error is None and "⏳" in json.dumps(waiting.json("view"), ensure_ascii=False)
    said = _form(fake_slack)
    assert "submit" not in said
    no_map = "You take part in no touchpoint map yet: start one with `/touchpoint new <title>`."
    assert translator("fa")(no_map).split("`")[0] in bare(json.dumps(said, ensure_ascii=False))


def test_a_map_whose_channel_the_bot_cannot_see_is_left_out_of_the_shortcut(bot, fake_slack):
    _maps(bot, fake_slack, [WORKSHOP_CHANNEL, "C0REMOVED"])
    fake_slack.members["C0REMOVED"].discard(BOT_USER_ID)  # conversations.members: channel_not_found

    assert bot.driver.shortcut("tp_add_to_map", QUOTE, channel=SUPPORT, user=ALICE).status == 200

    form = json.dumps(_form(fake_slack))
    assert "Journey 0" in form and "Journey 1" not in form
    assert any(c.error == "channel_not_found" for c in fake_slack.calls_to("conversations.members"))


def test_a_board_button_whose_form_is_slow_to_make_opens_a_waiting_modal_in_time(
    bot, fake_slack, uow, monkeypatch
):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()  # the bot now knows who is in the channel: Alice, Bob and Carol
    dana = "U0DANA001"
    fake_slack.members[WORKSHOP_CHANNEL].add(dana)  # joined since: the bot must ask Slack again
    monkeypatch.setattr(handlers.modals, "FORM_BUDGET", 0.2)
    fake_slack.trigger_ttl = 1.0
    fake_slack.delays["conversations.members"] = 1.5  # longer than the trigger lives
    opened = len(fake_slack.calls_to("views.open"))

    channel.click("tp_add_stage", user=dana)

    form = fake_slack.opened_form(opened)
    assert [c.error for c in fake_slack.calls_to("views.open")[opened:]] == [None]
    assert form.method == "views.update" and form.json("view")["submit"]
    assert any(b.get("block_id") == "name" for b in form.json("view")["blocks"])
