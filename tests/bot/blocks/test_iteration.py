"""Step 4's Block Kit, as data: the improvement and reminder modals, the list at any size, the snapshot."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.iteration import (
    improvement_list,
    improvement_modal,
    reminder_modal,
    reminder_text,
    snapshot_message,
)
from bot.blocks.mrkdwn import shorten
from bot.i18n import translator
from bot.workshop.iteration import (
    IMPROVEMENTS_PER_PAGE,
    ImprovementItem,
    ImprovementPage,
    Origin,
    Revisit,
    Taken,
)
from storage.models import NOTE_MAX, TITLE_MAX, ImprovementStatus
from tests.support.fake_slack import MESSAGE_BLOCKS_MAX, validate_blocks, validate_view

t = translator("en")
ORIGIN = Origin(map_id=7, channel_id="C1", language="en")


def _page(total: int, page: int = 1) -> ImprovementPage:
    """Page `page` of `total` improvements, each as long as it can be, in characters mrkdwn escapes."""
    first = (page - 1) * IMPROVEMENTS_PER_PAGE
    items = [
        ImprovementItem(
            improvement_id=n + 1,
            touchpoint="<@U0BOB0001> & " * (TITLE_MAX // 15),
            action=f"{n} " + "<&>" * ((NOTE_MAX - 10) // 3),
            owner_id="U0BOB0001" if n % 2 else None,
            status=list(ImprovementStatus)[n % 3],
        )
        for n in range(first, min(total, first + IMPROVEMENTS_PER_PAGE))
    ]
    pages = max(1, -(-total // IMPROVEMENTS_PER_PAGE))
    return ImprovementPage(7, "Checkout <journey>", "en", page, pages, total, items)


def _text_size(value: object) -> int:
    """Characters of text in blocks: Slack refuses a message past about 13,000 (msg_blocks_too_long)."""
    if isinstance(value, dict):
        return sum(len(v) if k == "text" and isinstance(v, str) else _text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_text_size(v) for v in value)
    return 0


def test_the_list_of_300_improvements_stays_within_slacks_limits_on_every_page():
    for number in range(1, 16):
        message = improvement_list(t, _page(300, number))
        validate_blocks(message.blocks, MESSAGE_BLOCKS_MAX)
        assert _text_size(message.blocks) < 12_000
        turns = [e["action_id"] for e in message.blocks[-1]["elements"]]
        assert turns == ["tp_previous_improvements"] * (number > 1) + ["tp_next_improvements"] * (number < 15)
    last = improvement_list(t, _page(300, 15))
    assert len(last.blocks) == 1 + IMPROVEMENTS_PER_PAGE + 2
    assert last.blocks[-2]["elements"][0]["text"] == "Page 15 of 15, 300 improvements"


def test_each_improvement_shows_its_status_and_offers_the_others():
    message = improvement_list(t, _page(2))
    assert message.text == "Improvements: Checkout &lt;journey&gt;"
    assert len(message.blocks) == 3  # one page: no page buttons
    first = message.blocks[1]
    heading, action, owner = first["text"]["text"].split("\n")
    assert heading.startswith("▫️ *&lt;@U0BOB0001&gt; &amp; ")
    assert heading.endswith("* · Open")
    assert action.endswith("…") and "<" not in action and len(action) <= 300
    assert owner == "No owner yet"
    assert [(o["text"]["text"], o["value"]) for o in first["accessory"]["options"]] == [
        ("Mark in progress", "7:1:in_progress:1"),
        ("Mark done", "7:1:done:1"),
    ]
    assert message.blocks[2]["text"]["text"].endswith("Owner: <@U0BOB0001>")


def test_an_empty_list_says_how_to_add_one():
    message = improvement_list(t, _page(0))
    validate_blocks(message.blocks, MESSAGE_BLOCKS_MAX)
    assert "*Add improvement*" in message.blocks[1]["text"]["text"]


def test_shorten_never_cuts_inside_an_escape():
    assert shorten("a<b", 10) == "a&lt;b"
    assert shorten("ab<cd", 6) == "ab…"
    assert shorten("ab<cd", 7) == "ab&lt;…"


def test_the_modals_are_valid():
    improvement = improvement_modal(t, ORIGIN)
    validate_view(improvement)
    assert [b["block_id"] for b in improvement["blocks"]] == ["touchpoint", "action", "owner", "status"]
    assert improvement["blocks"][0]["element"]["type"] == "external_select"
    assert improvement["private_metadata"] == '{"map": 7, "channel": "C1"}'
    typed = reminder_modal(t, Revisit(ORIGIN, "s" * 200, "America/Argentina/ComodRivadavia"))
    validate_view(typed)  # a schedule the menu can't show is named above it, in full
    assert (
        typed["blocks"][0]["elements"][0]["text"] == f"Now: “{'s' * 200}”, typed with `/touchpoint remind`."
    )
    assert "initial_option" not in typed["blocks"][1]["element"]
    fires = [datetime(2025, 3, 31, 9, 30, tzinfo=ZoneInfo("Asia/Tehran"))]
    weekly = reminder_modal(t, Revisit(ORIGIN, "every monday 09:30", "Asia/Tehran", fires=fires))
    validate_view(weekly)
    how_often, at, zone = weekly["blocks"]
    assert how_often["element"]["initial_option"]["value"] == "every monday"
    assert how_often["element"]["focus_on_load"] is True
    assert at["element"] == {
        "type": "timepicker",
        "action_id": "at",
        "initial_time": "09:30",
        "timezone": "Asia/Tehran",
    }
    assert zone["element"]["initial_value"] == "Asia/Tehran"


def test_the_snapshot_and_reminder_texts():
    message = snapshot_message(t, Taken(7, 3, "U1", touchpoints=1, improvements=12))
    validate_blocks(message.blocks, MESSAGE_BLOCKS_MAX)
    assert message.text == "📸 Snapshot v3 taken by <@U1>: 1 touchpoint, 12 improvements"
    assert reminder_text(t, Revisit(ORIGIN, "<!channel> monday", "UTC")) == (
        "Revisit reminder: “&lt;!channel&gt; monday” (UTC)."
    )
