"""Persian and Arabic messages write numbers in their own digits (۰–۹, ٠–٩), as the map pictures do:
every catalog message, each plural form, filled with values like the ones the code gives it, and what the
Block Kit builders send. Latin digits stay only where people copy them: code spans (`/touchpoint votes
3`) and identifiers (v3, UTF-8, UTC+3:30, Asia/Tehran, <@U0ALICE1>)."""

import re
from datetime import UTC, datetime
from string import Formatter
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from bot.blocks.analysis import analysis_modal, summary_messages
from bot.blocks.audit import audit_list
from bot.blocks.board import board_message
from bot.blocks.deadlines import deadline_summary, deadline_text, nudge_message
from bot.blocks.iteration import improvement_list, reminder_text, snapshot_message, when
from bot.blocks.reminders import revisit_message
from bot.blocks.snapshots import comparison_message, restored_message, snapshot_list
from bot.blocks.timeline import timeline_editor
from bot.document.diff import Changes, Moved, Place, Rescored
from bot.i18n import LOCALE_DIR, translator
from bot.method.errors import Msg
from bot.scheduling.grammar import EXAMPLES
from bot.workshop.analysis import Finding, Summary
from bot.workshop.audit import AuditLine
from bot.workshop.deadlines import Closed, DeadlineView, Nudged
from bot.workshop.iteration import ImprovementItem, Origin, Revisit, Taken
from bot.workshop.revisits import RevisitPost
from bot.workshop.snapshots import Comparison, Restored, SnapshotItem, SnapshotList
from storage.models import AuditAction, ImprovementStatus
from tests.bot.test_i18n import FORM, OUTLINE, PAGE, _board

RTL = ("fa", "ar")
# The one message that shows each digit set on purpose: what a position may be typed in.
SHOWS_THE_DIGIT_SETS = "“{text}” is not a position: use a number such as 1, ۲ or ٣."
_CODE = re.compile(r"`[^`\n]*`")
_IDENTIFIER = re.compile(r"[\w+\-./:@<>|]*[A-Za-z][\w+\-./:@<>|]*", re.ASCII)
MOMENT = datetime(2025, 3, 28, 17, 30, tzinfo=ZoneInfo("Asia/Tehran"))


def latin_digits(text: str) -> list[str]:
    """The runs of ASCII digits in `text` outside code spans and identifiers."""
    return re.findall(r"[0-9]+", _IDENTIFIER.sub("", _CODE.sub("", text)))


def test_latin_digits_are_found_outside_code_and_identifiers_only():
    assert latin_digits("گام 2 از ۴ · `votes 3` · v3 · UTF-8 · UTC+3:30 · <@U0ALICE1> · Asia/Tehran") == ["2"]
    assert latin_digits("ساعت 09:00") == ["09", "00"]


# What the code gives each placeholder: numbers as numbers, the rest as the code formats it (people's
# names and typed text have no digits here; what a person typed is theirs to echo).
def _samples(t) -> dict[str, object]:
    numbers = dict.fromkeys(
        [
            "count",
            "number",
            "total",
            "limit",
            "day",
            "analysed",
            "left",
            "page",
            "pages",
            "position",
            "votes",
            "negatives",
            "positive",
            "negative",
            "line",
            "column",
            "length",
            "shown",
            "kept",
            "version",
            "first",
            "as_version",
            "id",
        ],
        1234,
    )
    words = dict.fromkeys(
        [
            "actions",
            "channel",
            "choices",
            "format",
            "heading",
            "language",
            "name",
            "names",
            "need",
            "path",
            "people",
            "person",
            "problem",
            "query",
            "reason",
            "save",
            "schedule",
            "schema",
            "stage",
            "stages",
            "step",
            "summary",
            "text",
            "title",
            "touchpoint",
            "touchpoints",
            "value",
            "word",
            "deadline",
            "time",
            "now",
            "improvements",
            "notes",
            "channels",
            "lane",
            "scope",  # a Slack scope, such as `chat:write`, inside a code span
        ],
        "Checkout",
    )
    return (
        numbers
        | words
        | {
            "before": t.signed(-1.5, 1),
            "after": t.signed(2, 1),
            "score": t.signed(-0.5, 1),
            "mean": -1.3,
            "low": -2,
            "high": 2,
            "size": 5.2,
            "date": t.digits("2025/03/28"),
            "when": when(t, MOMENT),
            "times": "; ".join(when(t, MOMENT) for _ in range(3)),
            "second": "v12",
            "zone": "UTC+03:30",
            "examples": EXAMPLES,
            "command": "/touchpoint remind every monday 09:00 Asia/Tehran",
            "kind": t(Msg("stage")),
            "what": t(Msg("the revisit reminder")),
            "other": "<@U0BOB0001>",
            "error": "not_in_channel",
        }
    )


def _messages() -> list[tuple[str, ...]]:
    with (LOCALE_DIR / "touchpoint.pot").open("rb") as pot:
        return [
            entry.id if isinstance(entry.id, tuple) else (entry.id,) for entry in read_po(pot) if entry.id
        ]


MESSAGES = _messages()


@pytest.mark.parametrize("language", RTL)
def test_every_catalog_message_writes_its_numbers_in_the_languages_digits(language):
    t = translator(language)
    samples = _samples(t)
    wrong = []
    for forms in MESSAGES:
        fields = {name for form in forms for _, name, _, _ in Formatter().parse(form) if name}
        missing = fields - samples.keys()
        assert not missing, f"give {missing} a sample value like the code's, for {forms[0]!r}"
        params = {name: samples[name] for name in fields - {"count"}}
        if len(forms) == 2:  # each plural form: 0, 1, 2, 3–10, 11–99, 100+ in Arabic
            texts = [t.plural(*forms, n, **params) for n in (0, 1, 2, 3, 11, 100, 1234)]
        else:
            texts = [t(forms[0], **params, **({"count": 1234} if "count" in fields else {}))]
        if forms[0] != SHOWS_THE_DIGIT_SETS:
            wrong += [(forms[0], text) for text in texts if latin_digits(text)]
    assert wrong == []


# --- what the builders send ---------------------------------------------------------------------------
ORIGIN = Origin(7, "C1", "fa")
PLACE = Place("Checkout", "Purchase", "Website")
CHANGES = Changes(
    added=[PLACE] * 12,
    moved=[Moved(PLACE, PLACE)],
    rose=[Rescored(PLACE, -1.5, 1.0)],
    fell=[Rescored(PLACE, 2.0, -0.5)],
    noted=[PLACE],
    notes_added=14,
    done=["Shorter form"] * 12,
    stages_added=["Loyalty"] * 12,
    notes=(3, 17),
    votes=(2, 11),
    improvements=(1, 4),
    improvements_done=(0, 2),
)
TAKEN_AT = datetime(2025, 3, 28, 13, 0, tzinfo=UTC)
ITEM = ImprovementItem(1, "Checkout", "Shorter form", "U0ALICE1", ImprovementStatus.OPEN)


def _builders(t) -> list[object]:
    return [
        *(board_message(_board(step), t) for step in (1, 2, 3, 4)),
        *timeline_editor(t, OUTLINE),
        improvement_list(t, PAGE),
        analysis_modal(t, FORM),
        *summary_messages(
            t,
            Summary(
                [Finding(3, "Checkout", {"votes": 12, "negatives": 4})],
                [Finding(None, "Purchase", {"mean": -1.3})],
                [Finding(3, "Checkout", {"low": -2, "high": 2, "spread": 1.9})],
            ),
        ),
        reminder_text(t, Revisit(ORIGIN, "every monday 09:00", "Asia/Tehran", fires=[MOMENT] * 3)),
        snapshot_message(t, Taken(7, 12, "U0ALICE1", 23, 4)),
        snapshot_list(
            t, SnapshotList(ORIGIN, "Checkout", [SnapshotItem(12, TAKEN_AT, "U0ALICE1", 23, 4)], 15)
        ),
        comparison_message(t, Comparison(ORIGIN, "Checkout", 10, 12, CHANGES)),
        comparison_message(t, Comparison(ORIGIN, "Checkout", 10, None, CHANGES)),
        restored_message(t, Restored(ORIGIN, 10, 14, 13, "U0ALICE1")),
        revisit_message(t, RevisitPost(7, "Checkout", "fa", 12, CHANGES, ["U0BOB0001"], [ITEM] * 3, 25)),
        audit_list(t, [AuditLine(TAKEN_AT, "U0ALICE1", AuditAction.MAP_DELETED, {"title": "Checkout"})]),
        deadline_text(t, DeadlineView(ORIGIN, 2, MOMENT, "UTC+03:30", advance=True)),
        deadline_text(t, DeadlineView(ORIGIN, 2, None, "Asia/Tehran")),
        nudge_message(t, Nudged("Checkout", "C1", 2, MOMENT)),
        deadline_summary(t, Closed("Checkout", 2, ["U0ALICE1"] * 3, ["U0BOB0001"] * 20, moved_on=True)),
    ]


def _texts(payload: object) -> list[str]:
    """Every text in a message, a modal or a list of them: `text` fields at any depth."""
    if isinstance(payload, dict):
        return [v for k, v in payload.items() if k == "text" and isinstance(v, str)] + [
            text for v in payload.values() for text in _texts(v)
        ]
    if isinstance(payload, list | tuple):
        return [text for v in payload for text in _texts(v)]
    return _texts(vars(payload)) if hasattr(payload, "__dict__") else []  # a Message: its text, its blocks


@pytest.mark.parametrize("language", RTL)
def test_the_builders_send_numbers_dates_and_times_in_the_languages_digits(language):
    t = translator(language)
    wrong = [text for built in _builders(t) for text in _texts(built) if latin_digits(text)]
    assert wrong == []


def test_english_keeps_its_digits_and_signs_sit_where_cldr_puts_them():
    en, fa, ar = (translator(language) for language in ("en", "fa", "ar"))
    assert when(en, MOMENT) == "Fri, Mar 28, 2025, 17:30"
    assert "۱۷:۳۰" in when(fa, MOMENT) and "١٧:٣٠" in when(ar, MOMENT)
    # Persian: a left-to-right mark before the sign; Arabic: an Arabic letter mark (Babel's CLDR symbols).
    assert [t.signed(-1.5, 1) for t in (en, fa, ar)] == ["−1.5", "\u200e−۱٫۵", "\u061c-١٫٥"]
    assert [t.number(1234) for t in (en, fa, ar)] == ["1234", "۱۲۳۴", "١٢٣٤"]


def test_numbers_people_copy_keep_their_latin_digits():
    fa, ar = translator("fa"), translator("ar")
    template = "v{version} · `/touchpoint votes {count}` · {count} · {score:>3}"
    assert fa.format(template, version=3, count=3, score=2) == "v3 · `/touchpoint votes 3` · ۳ ·   ۲"
    assert ar.format(template, version=3, count=3, score=2) == "v3 · `/touchpoint votes 3` · ٣ ·   ٢"
    assert (
        translator("en").format(template, version=3, count=3, score=2)
        == "v3 · `/touchpoint votes 3` · 3 ·   2"
    )
