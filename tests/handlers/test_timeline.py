"""Step 1 in a channel: the board's buttons, the modals, the stage and channel commands, and who may act."""

import json

from sqlalchemy import select

from storage.models import Channel, Map, Stage, Touchpoint
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL, MALLORY

OTHER_TEAM = "T0OTHER01"


def _names(uow, model) -> list[str]:
    with uow() as session:
        return list(session.scalars(select(model.name).order_by(model.position)))


def test_starter_set_then_stages_and_channels_by_hand(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()

    channel.submit(
        "tp_starter_set",
        {"stages": ["awareness", "purchase", "loyalty"], "channels": ["website", "email"]},
        user=BOB,
    )
    assert _names(uow, Stage) == ["Awareness", "Purchase", "Loyalty"]
    assert _names(uow, Channel) == ["Website", "Email"]

    channel.submit(
        "tp_add_stage", {"name": "  Compare   prices ", "phase": "before", "position": "2"}, user=CAROL
    )
    assert _names(uow, Stage) == ["Awareness", "Compare prices", "Purchase", "Loyalty"]
    with uow() as session:
        assert session.scalar(select(Stage.created_by).where(Stage.name == "Compare prices")) == CAROL

    channel.submit("tp_add_channel", {"name": "وب‌سایت فروشگاه"})
    assert _names(uow, Channel) == ["Website", "Email", "وب‌سایت فروشگاه"]

    board = json.dumps(channel.board(), ensure_ascii=False)
    assert "4 stages, 3 channels" in board
    assert "3 contributors" in board


def test_bad_modal_input_is_shown_inline_and_changes_nothing(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.submit("tp_add_channel", {"name": "Email"})

    duplicate = channel.submit("tp_add_channel", {"name": "EMAIL"})
    assert duplicate["response_action"] == "errors"
    assert "already has" in duplicate["errors"]["name"]

    bad_position = channel.submit(
        "tp_add_stage", {"name": "Awareness", "phase": "before", "position": "first"}
    )
    assert list(bad_position["errors"]) == ["position"]
    assert _names(uow, Channel) == ["Email"]
    assert _names(uow, Stage) == []


def test_a_modal_submitted_twice_stores_once(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    view, view_id = channel.open_modal("tp_add_stage")
    for _ in range(2):
        assert channel.driver.submit(view, view_id, {"name": "Awareness", "phase": "before"}).status == 200
    fake_slack.wait_for("chat.update")
    assert _names(uow, Stage) == ["Awareness"]


def test_stage_and_channel_commands(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    commands = [
        "stage add Awareness",
        "stage add Buy / during",
        "stage add Consider / before / ۲",
        "channel add Website",
        "channel add App",
        "stage rename buy / Purchase",
        "stage move purch / 1",
        "channel remove app",
    ]
    # One after another, as a person types them.
    answers = [
        channel.say(text, user=BOB if sent <= 5 else CAROL) for sent, text in enumerate(commands, start=1)
    ]
    assert [a["text"] for a in answers[5:]] == [
        "Renamed to “Purchase”.",
        "Moved to position 1.",
        "Removed “App”.",
    ]
    assert _names(uow, Stage) == ["Purchase", "Awareness", "Consider"]
    assert _names(uow, Channel) == ["Website"]


def test_an_ambiguous_or_unknown_name_lists_the_choices(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.say_each(*("stage add Consideration", "stage add Conversion"))
    ambiguous, unknown = channel.say("stage remove con")["text"], channel.say("stage remove Checkout")["text"]
    assert ambiguous == "“con” could be more than one stage: Consideration, Conversion."
    assert unknown.startswith("There is no stage called “Checkout”.")
    assert _names(uow, Stage) == ["Consideration", "Conversion"]


def test_removing_a_stage_with_touchpoints_asks_first(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.say("stage add Awareness")
    channel.say("channel add Website")
    with uow() as session:
        workshop_map = session.scalars(select(Map)).one()
        stage, web = session.scalars(select(Stage)).one(), session.scalars(select(Channel)).one()
        for title in ("Ad", "Landing page"):
            session.add(
                Touchpoint(
                    team_id=workshop_map.team_id,
                    map_id=workshop_map.id,
                    stage_id=stage.id,
                    channel_id=web.id,
                    title=title,
                    created_by=ALICE,
                )
            )

    confirmation = channel.say("stage remove Awareness", user=BOB)
    assert confirmation["text"] == "“Awareness” holds 2 touchpoints. Removing the stage removes them too."
    assert _names(uow, Stage) == ["Awareness"]

    replies = len(fake_slack.responses)
    assert bot.driver.click(confirmation["blocks"], "tp_remove_confirmed", user=BOB).status == 200
    assert fake_slack.wait_for_response(replies + 1)[-1]["text"] == "Removed “Awareness”."
    assert _names(uow, Stage) == []
    with uow() as session:
        assert session.scalars(select(Touchpoint)).all() == []


def test_outsiders_and_forged_requests_are_refused(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    view, view_id = channel.open_modal("tp_add_stage")

    channel.click("tp_add_stage", user=MALLORY)
    refusal = fake_slack.wait_for_response()[-1]
    assert refusal["text"] == "Only members of this channel can work on its touchpoint map."
    assert len(fake_slack.calls_to("views.open")) == 1

    outsider = bot.driver.submit(view, view_id, {"name": "Hijack", "phase": "before"}, user=MALLORY)
    assert outsider.json()["response_action"] == "errors"

    other_team = bot.driver.submit(view, "V0FORGED1", {"name": "Hijack", "phase": "before"}, team=OTHER_TEAM)
    assert "no longer valid" in json.dumps(other_team.json()) or "isn't in this channel" in json.dumps(
        other_team.json()
    )

    with uow() as session:
        map_id = session.scalar(select(Map.id))
    forged_channel = bot.driver.submit(
        view,
        "V0FORGED2",
        {"name": "Hijack", "phase": "before"},
        private_metadata=json.dumps({"map": map_id, "channel": "C0ELSEWHERE"}),
    )
    assert forged_channel.json()["response_action"] == "errors"
    assert (
        bot.driver.submit(view, "V0FORGED3", {"name": "x"}, private_metadata="{nonsense").json()[
            "response_action"
        ]
        == "errors"
    )
    assert _names(uow, Stage) == []


def test_only_facilitators_move_the_map_and_a_double_click_moves_it_once(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    board = channel.board()

    channel.click("tp_next_step", user=BOB)
    assert fake_slack.wait_for_response()[-1]["text"] == "Only the map's facilitators can do that."

    for _ in range(2):  # two clicks on the same board
        bot.driver.click(board, "tp_next_step", user=ALICE)
    fake_slack.wait_for("chat.update")
    prompts = fake_slack.wait_for("chat.postMessage", 2)
    assert prompts[1].args["text"] == "*Step 2 of 4: Touchpoints*"
    with uow() as session:
        assert session.scalar(select(Map.step)) == 2

    assert "is now a facilitator" in channel.say("facilitator add <@U0BOB0001|bob>")["text"]
    bot.driver.command("back", user=BOB)
    fake_slack.wait_for("chat.postMessage", 3)
    with uow() as session:
        assert session.scalar(select(Map.step)) == 1


def test_the_timeline_editor_renames_moves_and_removes(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.say_each(*("stage add Awareness", "stage add Buy", "stage add Use", "channel add Web"))
    editor = channel.click_for_reply("tp_edit_timeline", user=BOB)
    assert [b["text"]["text"] for b in editor["blocks"]] == [
        "*Stages*",
        "1. Awareness · _Before purchase_",
        "2. Buy · _Before purchase_",
        "3. Use · _Before purchase_",
        "*Channels*",
        "1. Web",
    ]

    def pick(block: dict, label: str) -> str:
        replies = len(fake_slack.responses)
        bot.driver.click([block], "tp_timeline_item", user=BOB, choose=label)
        return fake_slack.wait_for_response(replies + 1)[-1]["text"]

    rows = editor["blocks"]
    assert pick(rows[3], "Move earlier") == "Moved."
    assert _names(uow, Stage) == ["Awareness", "Use", "Buy"]
    assert pick(rows[5], "Remove") == "Removed “Web”."
    assert _names(uow, Channel) == []

    opened = len(fake_slack.calls_to("views.open"))
    bot.driver.click([rows[1]], "tp_timeline_item", user=BOB, choose="Rename…")
    call = fake_slack.opened_form(opened)
    assert (
        bot.driver.submit(call.json("view"), call.answer["view"]["id"], {"name": "Discovery"}, user=BOB).body
        == ""
    )
    assert _names(uow, Stage) == ["Discovery", "Use", "Buy"]

    forged = {
        **rows[1],
        "accessory": {
            **rows[1]["accessory"],
            "options": [{"text": {"type": "plain_text", "text": "Remove"}, "value": "remove:1:stage:99999"}],
        },
    }
    assert pick(forged, "Remove") == "That stage is no longer on the map."
