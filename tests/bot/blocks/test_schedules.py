"""What the scheduler posts, as data: valid Block Kit within Slack's limits in every language, at any size,
with what people typed escaped."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.blocks.deadlines import deadline_message, deadline_modal, deadline_summary, nudge_message
from bot.blocks.reminders import failure_message, revisit_message
from bot.document.diff import Changes, Moved, Place, Rescored
from bot.i18n import LANGUAGES, translator
from bot.workshop.deadlines import Closed, DeadlineView, Nudged
from bot.workshop.iteration import ImprovementItem
from bot.workshop.revisits import IMPROVEMENTS_SHOWN, RevisitPost
from bot.workshop.service import Origin
from storage.models import NOTE_MAX, TITLE_MAX, ImprovementStatus
from tests.support.bidi import bare
from tests.support.fake_slack import validate_blocks, validate_view

LONG = "<@U0BOB0001> & " * (TITLE_MAX // 15)  # a title as long as it can be, all of it to escape
ORIGIN = Origin(map_id=7, channel_id="C1", language="en")
PEOPLE = [f"U{n:08d}" for n in range(40)]


def _everything_changed() -> RevisitPost:
    places = [Place(f"{LONG}{n}", LONG, LONG) for n in range(30)]
    return RevisitPost(
        map_id=7,
        title=LONG,
        language="en",
        version=12,
        changes=Changes(
            added=places,
            removed=places,
            moved=[Moved(place, place) for place in places],
            noted=places,
            notes_added=300,
            rose=[Rescored(place, -2.0, 2.0) for place in places],
            fell=[Rescored(place, 2.0, -2.0) for place in places],
            done=["<&>" * (NOTE_MAX // 3)] * 30,
        ),
        stale_owners=PEOPLE,
        improvements=[
            ImprovementItem(n, LONG, "<&>" * (NOTE_MAX // 3), "U0BOB0001", ImprovementStatus.OPEN)
            for n in range(IMPROVEMENTS_SHOWN)
        ],
        open_total=500,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_revisit_with_everything_changed_fits_in_one_message(language):
    message = revisit_message(translator(language), _everything_changed())
    validate_blocks(message.blocks, 50)
    assert all(len(block["text"]["text"]) <= 3000 for block in message.blocks if block["type"] == "section")
    assert "<@U0BOB0001> &" not in message.text  # escaped: no mention sneaks in


def test_a_revisit_lists_only_the_first_titles():
    message = revisit_message(translator("en"), _everything_changed())
    changes = message.blocks[1]["text"]["text"]
    assert changes.count("(+25)") == 4  # added, removed, noted, done
    assert changes.count("↔️") == 3
    assert message.blocks[3]["text"]["text"] == "*Open improvements (500):*"
    grid = message.blocks[4]
    assert grid["type"] == "table" and len(grid["rows"]) == 1 + IMPROVEMENTS_SHOWN
    assert [c["text"] for c in grid["rows"][0]] == ["Status", "Touchpoint", "Improvement", "Owner"]
    assert message.blocks[5]["elements"][0]["text"] == "and 490 more: `/touchpoint improvements`"


def test_rtl_revisits_read_right_to_left():
    message = revisit_message(translator("fa"), _everything_changed())
    assert all(
        line.startswith("\u200f")
        for block in message.blocks[1:3]
        for line in block["text"]["text"].split("\n")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_deadline_messages_and_modal_are_valid(language):
    t = translator(language)
    due = datetime(2025, 3, 28, 17, 0, tzinfo=ZoneInfo("Asia/Tehran"))
    view = DeadlineView(ORIGIN, 2, due, "America/Argentina/ComodRivadavia", advance=True)
    validate_view(deadline_modal(t, view))
    validate_view(deadline_modal(t, DeadlineView(ORIGIN, 4, None, "UTC")))
    validate_blocks(deadline_message(t, view).blocks, 50)
    validate_blocks(nudge_message(t, Nudged(LONG, "C1", 3, due)).blocks, 50)
    summary = deadline_summary(t, Closed(LONG, 1, PEOPLE, PEOPLE, moved_on=True))
    validate_blocks(summary.blocks, 50)
    validate_blocks(failure_message(t, t("the revisit reminder"), LONG, "C1", "x" * 300).blocks, 50)


def test_the_modal_shows_the_deadline_in_a_date_time_picker():
    due = datetime(2025, 3, 28, 17, 0, tzinfo=UTC).astimezone(ZoneInfo("Asia/Tehran"))
    modal = deadline_modal(translator("en"), DeadlineView(ORIGIN, 2, due, "Asia/Tehran", advance=True))
    when, zone, advance = modal["blocks"]
    assert (when["element"]["type"], when["element"]["initial_date_time"]) == (
        "datetimepicker",
        int(due.timestamp()),
    )
    assert zone["element"]["initial_value"] == "Asia/Tehran"
    assert when["element"]["focus_on_load"] is True
    assert bare(when["label"]["text"]) == "When step 2 closes"
    assert [o["value"] for o in advance["element"]["initial_options"]] == ["advance"]
