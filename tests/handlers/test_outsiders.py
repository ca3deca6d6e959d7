"""A guest from another organisation in a Slack Connect channel, and a person who has left the map's
channel, get a clear answer in their own language and none of the map, from every surface: a command, a
button, a modal submitted, the message shortcut, a menu's options, the Home tab."""

import json

import pytest

from bot.blocks.ids import Action
from bot.gateway import OUTSIDER
from bot.i18n import translator
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, WORKSHOP_CHANNEL

GUEST, PARTNER = "U0GUEST01", "T0PARTNER"  # a person of another organisation, and its workspace
LEFT = "Only members of this channel can work on its touchpoint map."
RLM = "\u200f"
TITLE = "Checkout journey"


def _said(lang: str, msgid: str) -> str:
    return RLM + translator(lang)(msgid)


def _map_with_a_stage(bot, fake_slack, uow) -> Channelful:
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map(TITLE)
    channel.say_each("stage add Awareness", "channel add Web", "add Awareness / Web / Landing page")
    return channel


@pytest.fixture
def guest(fake_slack) -> str:
    fake_slack.share_channel(WORKSHOP_CHANNEL, {GUEST: PARTNER})
    fake_slack.person(GUEST).locale = "fa-IR"
    return GUEST


@pytest.fixture
def left(bot, fake_slack) -> str:
    """Bob, who spoke Arabic in the channel, then left it (Slack tells the bot: member_left_channel)."""
    fake_slack.person(BOB).locale = "ar-SA"
    return BOB


def _leave(bot, fake_slack, user: str) -> None:
    fake_slack.members[WORKSHOP_CHANNEL].discard(user)
    event = {"type": "member_left_channel", "user": user, "channel": WORKSHOP_CHANNEL, "event_ts": "2.0"}
    assert bot.driver.event(event).status == 200


def _who(request, fake_slack, bot) -> tuple[str, str]:
    """The person the test is about, and what they are told, in their language."""
    if request.param == "guest":
        return request.getfixturevalue("guest"), _said("fa", OUTSIDER)
    return request.getfixturevalue("left"), _said("ar", LEFT)


@pytest.fixture(params=["guest", "left"])
def outsider(request, bot, fake_slack, uow) -> tuple[Channelful, str, str]:
    channel = _map_with_a_stage(bot, fake_slack, uow)
    user, told = _who(request, fake_slack, bot)
    if request.param == "left":
        channel.say("status", user=user)  # Bob took part: the bot knows him as a member
        _leave(bot, fake_slack, user)
    return channel, user, told


def test_a_command(outsider):
    channel, user, told = outsider
    reply = channel.say("status", user=user)
    assert reply["text"] == told and TITLE not in json.dumps(reply)


def test_a_button(outsider, fake_slack):
    channel, user, told = outsider
    opened = len(fake_slack.calls_to("views.open"))
    assert channel.click_for_reply(Action.ADD_STAGE, user)["text"] == told
    assert len(fake_slack.calls_to("views.open")) == opened


def test_a_modal_submission(outsider, bot, fake_slack):
    channel, user, told = outsider
    view, view_id = channel.open_modal("tp_add_stage")  # opened by Alice
    refused = bot.driver.submit(view, view_id, {"name": "Hijack", "phase": "before"}, user=user).json()
    assert refused["response_action"] == "errors" and list(refused["errors"].values()) == [told]


def test_the_shortcut_and_a_menus_options(outsider, bot, fake_slack):
    _, user, told = outsider
    message = {"ts": "1700000003.000100", "user": "U0CUSTOMR", "text": "Where is my parcel?"}
    replies, opened = len(fake_slack.responses), len(fake_slack.calls_to("views.open"))
    assert bot.driver.shortcut("tp_add_to_map", message, channel=WORKSHOP_CHANNEL, user=user).status == 200
    refusal = fake_slack.wait_for_response(replies + 1)[-1]["text"]
    nothing_yet = "You take part in no touchpoint map yet: start one with `/touchpoint new <title>`."
    assert refusal == (
        told if user == GUEST else _said("ar", nothing_yet).replace("<title>", "&lt;title&gt;")
    )
    assert len(fake_slack.calls_to("views.open")) == opened

    bot.driver.shortcut("tp_add_to_map", message, channel=WORKSHOP_CHANNEL)  # Alice's modal
    call = fake_slack.opened_form(opened)
    view, view_id = call.json("view"), call.answer["view"]["id"]
    assert bot.driver.suggest(view, view_id, "touchpoint", "")  # Alice sees the touchpoint…
    assert bot.driver.suggest(view, view_id, "touchpoint", "", user=user).json()["options"] == []  # …not them


def test_the_home_tab(outsider, bot, fake_slack):
    _, user, told = outsider
    published = len(fake_slack.calls_to("views.publish"))
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0HOME001",
        "tab": "home",
        "event_ts": "3.0",
    }
    assert bot.driver.event(event).status == 200
    view = fake_slack.wait_for("views.publish", published + 1)[-1].json("view")
    assert TITLE not in json.dumps(view, ensure_ascii=False)
    if user == GUEST:
        assert view["blocks"][1]["text"]["text"] == told


def test_the_stand_in_shares_a_channel_with_another_organisation(fake_slack, guest):
    from slack_sdk import WebClient

    client = WebClient(token="xoxb-test-token", base_url=fake_slack.url)
    assert client.conversations_info(channel=WORKSHOP_CHANNEL)["channel"]["is_ext_shared"] is True
    assert guest in client.conversations_members(channel=WORKSHOP_CHANNEL)["members"]
    assert client.users_info(user=guest)["user"]["team_id"] == PARTNER


def test_a_guest_starts_no_map_in_the_shared_channel(bot, fake_slack, uow, guest):
    channel = Channelful(bot, fake_slack, uow)
    assert channel.say("new Their journey", user=guest)["text"] == _said("fa", OUTSIDER)
    assert fake_slack.calls_to("chat.postMessage") == []
