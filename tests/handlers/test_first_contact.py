"""Someone the bot has never met is answered in their Slack locale from their very first request, on every
surface: a command (help, a typo), a button, a modal submitted, the message shortcut, the Home tab, a DM."""

import json
import re

import pytest

from bot.blocks.ids import Action
from bot.i18n import translator
from handlers.commands.subcommands import usage
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, CAROL, MALLORY
from tests.support.maps import whole_map

LOCALES = pytest.mark.parametrize("lang, locale", [("fa", "fa-IR"), ("ar", "ar-SA")])
RLM = "\u200f"


def _said(lang: str, msgid: str) -> str:
    """`msgid` as a person reading `lang` sees it: translated, read right to left."""
    return RLM + translator(lang)(msgid)


def _speaks(text: str) -> bool:
    """Whether `text` is right-to-left prose (Persian or Arabic), not English."""
    return text.startswith(RLM) and len(re.findall(r"[\u0600-\u06ff]", text)) >= 5


def _never_met(fake_slack, user: str, locale: str) -> None:
    fake_slack.person(user).locale = locale
    assert not [c for c in fake_slack.calls_to("users.info") if c.args.get("user") == user]


@LOCALES
def test_a_first_help_and_a_first_typo_come_in_the_persons_language(bot, fake_slack, uow, lang, locale):
    _never_met(fake_slack, BOB, locale)
    replies = len(fake_slack.responses)
    ack = bot.driver.command("help", user=BOB)
    assert ack.status == 200 and not ack.body  # answered after the ack, once the locale is known
    [helped] = fake_slack.wait_for_response(replies + 1)[replies:]
    assert helped["response_type"] == "ephemeral"
    assert helped["text"] == usage(translator(lang)).text != usage(translator(None)).text

    _never_met(fake_slack, CAROL, locale)  # a first typo, too
    assert Channelful(bot, fake_slack, uow).say("votes many", user=CAROL)["text"] == _said(
        lang, "Give a number of votes, e.g. `/touchpoint votes 3`."
    )


@LOCALES
def test_a_first_click_is_answered_in_the_persons_language(bot, fake_slack, uow, lang, locale):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    _never_met(fake_slack, BOB, locale)
    assert channel.click_for_reply(Action.NEXT_STEP, BOB)["text"] == _said(
        lang, "Only the map's facilitators can do that."
    )


@LOCALES
def test_a_first_modal_error_shows_in_the_persons_language(bot, fake_slack, uow, lang, locale):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.submit("tp_add_channel", {"name": "Email"})
    _never_met(fake_slack, BOB, locale)
    refused = channel.submit("tp_add_channel", {"name": "EMAIL"}, user=BOB)
    assert refused["response_action"] == "errors"
    assert _speaks(refused["errors"]["name"]) and "EMAIL" in refused["errors"]["name"]


@LOCALES
def test_a_first_shortcut_is_answered_in_the_persons_language(bot, fake_slack, uow, lang, locale):
    _never_met(fake_slack, MALLORY, locale)
    replies = len(fake_slack.responses)
    message = {"ts": "1700000003.000100", "user": "U0CUSTOMR", "text": "Where is my parcel?"}
    assert bot.driver.shortcut("tp_add_to_map", message, channel="C0SUPPORT", user=MALLORY).status == 200
    refusal = fake_slack.wait_for_response(replies + 1)[-1]
    assert refusal["text"] == _said(
        lang, "You take part in no touchpoint map yet: start one with `/touchpoint new <title>`."
    ).replace("<title>", "&lt;title&gt;")


@LOCALES
def test_a_first_home_tab_is_in_the_persons_language(bot, fake_slack, uow, lang, locale):
    _never_met(fake_slack, BOB, locale)
    event = {"type": "app_home_opened", "user": BOB, "channel": "D0HOME001", "tab": "home", "event_ts": "1.0"}
    assert bot.driver.event(event).status == 200
    view = fake_slack.wait_for("views.publish")[-1].json("view")
    texts = [b["text"]["text"] for b in view["blocks"] if isinstance(b.get("text"), dict)]
    assert texts and all(_speaks(text) for text in texts)


@LOCALES
def test_a_first_export_to_a_dm_is_in_the_persons_language(bot, fake_slack, uow, lang, locale):
    channel = Channelful(bot, fake_slack, uow)
    with uow() as session:
        whole_map(session, "en")
    _never_met(fake_slack, BOB, locale)
    assert channel.say("export csv", user=BOB)["text"] == _said(
        lang, "Sent: the file is in your direct messages with me."
    )
    completed = fake_slack.wait_for("files.completeUploadExternal", timeout=60)[-1]
    assert _speaks(completed.args["initial_comment"])
    assert json.loads(completed.args["files"])


def test_a_modal_error_waits_a_second_at_most_for_slack_then_falls_back_to_english(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.submit("tp_add_channel", {"name": "Email"})
    view, view_id = channel.open_modal("tp_add_channel")  # the form, as Bob has it
    _never_met(fake_slack, BOB, "fa-IR")
    fake_slack.stall("users.info", 4.0)  # the save (is Bob a guest?) and its error wait a second each
    refused = bot.driver.submit(view, view_id, {"name": "EMAIL"}, user=BOB).json()
    assert refused["errors"]["name"].startswith("This map already has")
    fake_slack.wait_for("users.info", where=lambda c: c.args.get("user") == BOB)  # cached for next time
    again = channel.submit("tp_add_channel", {"name": "email"}, user=BOB)
    assert _speaks(again["errors"]["name"])
