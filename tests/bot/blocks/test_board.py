"""The board message, as data: what it says, and that Slack would take it."""

import json

from bot.blocks.board import board_message
from bot.i18n import translator
from bot.workshop.board import Board
from handlers.commands.subcommands import usage
from storage.repositories import MapCounts
from tests.support.fake_slack import MESSAGE_BLOCKS_MAX, validate_blocks

t = translator("en")


def _board(**changes) -> Board:
    values = dict(
        map_id=7,
        title="Checkout journey",
        language="en",
        step=1,
        blind=False,
        facilitators=["U1"],
        contributors=[],
        counts=MapCounts(stages=0, channels=0, touchpoints=0, notes=0, votes=0),
    )
    values.update(changes)
    return Board(**values)


def test_board_shows_title_step_progress_counts_and_people():
    counts = MapCounts(stages=6, channels=5, touchpoints=1, notes=12, votes=3, analysed=1, improvements=2)
    message = board_message(
        _board(step=3, facilitators=["U1", "U2"], contributors=["U1", "U3"], counts=counts), t
    )
    validate_blocks(message.blocks, MESSAGE_BLOCKS_MAX)
    assert message.blocks[0]["text"]["text"] == "Checkout journey"
    section = message.blocks[1]["text"]["text"]
    assert section.startswith("*Step 3 of 4: Analysis*\n")
    steps = message.blocks[2]["text"]["text"].splitlines()
    assert steps == [
        "✅ 1. Timeline · 6 stages, 5 channels",
        "✅ 2. Touchpoints · 1 touchpoint",
        "▶️ *3. Analysis* · 1 of 1 analysed, 3 votes",
        "▫️ 4. Iteration · 2 improvements, 0 snapshots",
    ]
    context = [e["text"] for e in message.blocks[-1]["elements"]]
    assert context == [
        "6 stages · 5 channels · 1 touchpoint · 12 notes · 3 votes",
        "Facilitators: <@U1>, <@U2>\n2 contributors: <@U1> <@U3>",
    ]


def test_step_one_offers_the_timeline_buttons_and_only_next():
    [buttons] = [b for b in board_message(_board(), t).blocks if b["type"] == "actions"]
    assert [e["action_id"] for e in buttons["elements"]] == [
        "tp_add_stage",
        "tp_add_channel",
        "tp_starter_set",
        "tp_edit_timeline",
        "tp_next_step",
        "tp_show_map",
        "tp_export",
    ]
    assert buttons["elements"][-3]["value"] == "7:1"


def test_many_contributors_are_summarised():
    board = _board(contributors=[f"U{i:03d}" for i in range(45)])
    people = board_message(board, t).blocks[-1]["elements"][1]["text"]
    assert people.endswith("and 25 more")
    assert people.count("<@") == 1 + 20


def test_user_text_cannot_mention_or_link_in_the_fallback_text():
    message = board_message(_board(title="<!channel> & <https://evil|click>"), t)
    assert message.text == "Touchpoint map: &lt;!channel&gt; &amp; &lt;https://evil|click&gt;"
    assert "<!channel>" not in json.dumps([b for b in message.blocks if b["type"] != "header"])


def test_a_title_at_the_limit_fits_the_header():
    validate_blocks(board_message(_board(title="ش" * 150), t).blocks, MESSAGE_BLOCKS_MAX)


def test_usage_escapes_the_unknown_word():
    message = usage(t, unknown="<@U0BOSS>")
    assert "I don't know `&lt;@U0BOSS&gt;`" in message.text
    validate_blocks(message.blocks, MESSAGE_BLOCKS_MAX)


def test_the_board_shows_the_map_last_shared_under_its_buttons():
    assert "image" not in [b["type"] for b in board_message(_board(), t).blocks]
    message = board_message(_board(picture_file_id="F0MAP0001"), t)
    validate_blocks(message.blocks, MESSAGE_BLOCKS_MAX)
    kinds = [b["type"] for b in message.blocks]
    assert kinds == ["header", "section", "section", "actions", "context", "image", "divider", "context"]
    assert message.blocks[5] == {
        "type": "image",
        "slack_file": {"id": "F0MAP0001"},
        "alt_text": "Touchpoint map: Checkout journey",
    }
    fa = board_message(_board(picture_file_id="F0MAP0001", title="سفر خرید"), translator("fa"))
    validate_blocks(fa.blocks, MESSAGE_BLOCKS_MAX)
