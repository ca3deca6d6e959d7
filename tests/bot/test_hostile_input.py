"""Hostile text through the pure parsers and builders (property tests): the command grammar, the schedule
grammar, name matching, positions in any digits, the limits on what is stored, and mrkdwn escaping.

Whatever the text, a parser returns its typed result or raises UserError, nothing else; what reaches Slack
is valid Block Kit that can't ping, link or spoof.
"""

import json
import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.blocks.kit import section
from bot.blocks.mrkdwn import escape, mention, shorten
from bot.i18n import translator
from bot.method.errors import Msg, UserError
from bot.method.matching import match, normalize
from bot.scheduling import deadline, grammar, zones
from bot.workshop import rules
from handlers.commands import grammar as commands
from handlers.commands.subcommands import parse, usage
from handlers.context import untrusted_id
from handlers.errors import localized
from handlers.views import state
from storage.models import NAME_MAX, NOTE_MAX, TITLE_MAX
from tests.support.fake_slack import ALICE, TEXT_MAX, validate_blocks
from tests.support.hostile import FRAGMENTS, examples, harm, hostile_text, mixed

LANGUAGES = ("en", "fa", "ar")
PERSIAN, ARABIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"), str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Every subcommand, with the words inside it, so that hostile text reaches each branch of the grammar.
VERBS = (
    "",
    "new ",
    "stage add ",
    "stage add Awareness / ",
    "stage add Awareness / during / ",
    "stage rename ",
    "stage rename Awareness / ",
    "channel move Website / ",
    "channel remove ",
    "language ",
    "use ",
    "facilitator add ",
    "add ",
    "add Awareness / Website / ",
    "persona add ",
    "persona add Ana / ",
    "blind ",
    "votes ",
    "map ",
    "map persona ",
    "map compare v",
    "remind ",
    "remind every day / ",
    "مرحله افزودن ",
    "رأی ",
)
DB_INT_MAX = 2**31 - 1  # ids and numbers the bot stores or looks up are PostgreSQL integers
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_valid_message(text: str) -> None:
    """The text of a message only the writer sees, as Slack takes it."""
    assert len(text) <= TEXT_MAX
    assert not harm({"text": text}), harm({"text": text})


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# --- mrkdwn ----------------------------------------------------------------------------------------------
@settings(max_examples=examples(300))
@given(hostile_text())
@example("<!channel> <@U0VICTIM1> <#C0SECRET1> <https://evil.example|x> &lt;!here&gt;")
@example("abc\u2069\u202e txt.exe")  # a PDI that would close the bot's isolate, then an override
def test_escaped_text_cannot_ping_link_or_spoof(text):
    escaped = escape(text)
    assert not harm({"text": escaped}), harm({"text": escaped})
    assert not set(escaped) & BIDI_CONTROLS
    assert _unescape(escaped) == "".join(c for c in text if c not in BIDI_CONTROLS)
    # Around the bot's own mentions, the only mention is the bot's.
    line = f"{escape(text)} {mention(ALICE)} {escape(text)}"
    assert not harm({"text": line})
    assert line.count("<@") == 1


@settings(max_examples=examples(300))
@given(hostile_text(), st.integers(min_value=1, max_value=3000))
@example("a&b" * 10, 5)
@example("&&&&", 3)
def test_shortened_text_is_escaped_whole_and_within_the_limit(text, limit):
    short = shorten(text, limit)
    assert len(short) <= limit
    assert not harm({"text": short})
    escaped = escape(text)
    assert short == escaped or (short.endswith("…") and escaped.startswith(short[:-1]))
    # No escape is cut in half: every `&` starts a whole entity.
    body = short.removesuffix("…") if short != escaped else short
    for index, char in enumerate(body):
        if char == "&":
            assert body.startswith(("&amp;", "&lt;", "&gt;"), index), body


# --- the command grammar ---------------------------------------------------------------------------------
def _parsed(text: str) -> commands.Command | None:
    """The command `text` means, or None for a UserError; any other exception fails the test."""
    try:
        return parse(text).command
    except UserError as error:
        for language in LANGUAGES:
            _is_valid_message(localized(error, translator(language)))
        return None


@settings(max_examples=examples(600))
@given(st.sampled_from(VERBS), hostile_text(), st.sampled_from(["", " / ", " / Asia/Tehran", " / 2"]))
@example("stage add Buy / during / ", "1" * 5000, "")  # more digits than int() takes
@example("votes ", "9" * 5000, "")
@example("map compare v", "9" * 5000, "")
@example("map compare v", "99999999999", "")  # over PostgreSQL's integer
@example("stage add ", "a\x00b", "")  # PostgreSQL's text can't hold NUL
@example("new ", "Checkout \u202ereversed", "")
def test_any_command_text_parses_or_is_refused_clearly(verb, text, tail):
    parsed = _parsed(verb + text + tail)
    match parsed:
        case commands.NewMap(title) | commands.QuickAdd(_, _, title):
            _assert_storable(title, TITLE_MAX)
        case commands.AddStage(name, _, position) | commands.AddChannel(name, position):
            _assert_storable(name, NAME_MAX)
            assert position is None or 1 <= position <= 999
        case commands.Rename(_, _, name) | commands.AddPersona(name, _):
            _assert_storable(name, NAME_MAX)
        case commands.Move(_, _, position):
            assert 1 <= position <= 999
        case commands.SetVotes(count):
            assert 1 <= count <= 99
        case commands.ShowMap(_, _, compare_with):
            assert compare_with is None or 0 <= compare_with <= DB_INT_MAX
        case commands.AddFacilitator(user_id):
            assert user_id.isascii() and user_id.isalnum()
        case commands.Unknown(word):
            for language in LANGUAGES:
                message = usage(translator(language), unknown=word)
                validate_blocks(message.blocks, 50)
                _is_valid_message(message.text)
                assert not harm({"blocks": message.blocks})


def _assert_storable(text: str, limit: int) -> None:
    """What the grammar hands on to be stored: within its column, without control characters."""
    assert 0 < len(text) <= limit
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in text.replace("\n", ""))
    assert not set(text) & BIDI_CONTROLS


@settings(max_examples=examples(200))
@given(st.integers(min_value=1, max_value=999), st.sampled_from([PERSIAN, ARABIC, str.maketrans({})]))
def test_positions_read_in_persian_arabic_and_latin_digits(number, digits):
    assert commands.position(f" {str(number).translate(digits)} ") == number


@settings(max_examples=examples(300))
@given(hostile_text())
@example("1" * 5000)
@example("٠")
@example("²")  # a digit, but not a decimal one
def test_a_position_is_a_small_number_or_refused(text):
    try:
        assert 1 <= commands.position(text) <= 999
    except UserError as error:
        assert error.field == "position"


# --- what is stored --------------------------------------------------------------------------------------
@settings(max_examples=examples(300))
@given(hostile_text(), st.sampled_from([NAME_MAX, TITLE_MAX, NOTE_MAX]), st.booleans())
@example("a\x00b\x85c\x9bd", NAME_MAX, True)
@example("\u202eevil\u2069", NAME_MAX, True)
def test_cleaned_text_fits_its_column_and_holds_no_controls(text, limit, required):
    try:
        cleaned = rules.clean(text, limit=limit, required=required)
    except UserError:
        return
    assert len(cleaned) <= limit
    assert cleaned == cleaned.strip()
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in cleaned.replace("\n", ""))
    assert not set(cleaned) & BIDI_CONTROLS
    assert rules.clean(cleaned, limit=limit, required=required) == cleaned


# --- names -----------------------------------------------------------------------------------------------
@settings(max_examples=examples(200))
@given(st.lists(st.one_of(mixed, st.sampled_from(["Awareness", "آگاهی", "الوعي", "Website"])), max_size=8))
def test_every_name_is_found_by_itself_or_refused_clearly(names):
    kind = Msg("stage")
    for name in names:
        try:
            found = match(name, names, str, kind)
        except UserError:
            # Only when the name is ambiguous: another one normalizes the same.
            assert sum(normalize(n) == normalize(name) for n in names) != 1
        else:
            assert normalize(found) == normalize(name) or normalize(found).startswith(normalize(name))


@settings(max_examples=examples(200))
@given(hostile_text(), st.lists(mixed, max_size=5))
def test_matching_any_query_finds_one_item_or_refuses(query, names):
    try:
        found = match(query, names, str, Msg("channel"))
    except UserError as error:
        for language in LANGUAGES:
            _is_valid_message(localized(error, translator(language)))
    else:
        assert found in names


# --- the schedule grammar --------------------------------------------------------------------------------
SCHEDULES = (
    "every day {t}",
    "every {n} days {t}",
    "every {w}",
    "every {w} {t}",
    "every {n} weeks on {w} {t}",
    "every month on the {d} {t}",
    "every {n} months on {d}",
    "every {n} hours",
    "every {n} minutes",
    "daily at {t}",
)
WEEKDAYS = tuple(grammar.WEEKDAYS)


@st.composite
def schedules(draw) -> str:
    """Schedules as the grammar reads them, with numbers that may be anything in any digits."""
    digits = draw(st.sampled_from([PERSIAN, ARABIC, str.maketrans({})]))
    number = st.one_of(st.integers(0, 400).map(str), st.text("0123456789", min_size=1, max_size=5000)).map(
        lambda n: n.translate(digits)
    )
    pieces = {
        "n": draw(number),
        "d": draw(number) + draw(st.sampled_from(["", "st", "th"])),
        "w": draw(st.sampled_from(WEEKDAYS)),
        "t": draw(
            st.one_of(
                st.builds("{}:{:02d}".format, number, st.integers(0, 99)),
                st.builds("{} {}".format, number, st.sampled_from(["am", "pm"])),
                st.just(""),
            )
        ),
    }
    return draw(st.sampled_from(SCHEDULES)).format(**pieces)


@settings(max_examples=examples(400))
@given(st.one_of(schedules(), hostile_text()), st.sampled_from(["UTC", "Asia/Tehran", "Europe/Berlin"]))
@example("every " + "9" * 5000 + " days", "UTC")  # more digits than int() takes
@example("every day " + "9" * 5000 + ":00", "UTC")
@example("every month on the " + "9" * 5000, "UTC")
def test_any_schedule_parses_or_is_refused_clearly(text, zone):
    try:
        schedule = grammar.parse(text, zone, per_day=24 * 60)
    except UserError as error:
        for language in LANGUAGES:
            _is_valid_message(localized(error, translator(language)))
        return
    fires = schedule.next_fires(datetime(2025, 3, 26, 12, tzinfo=UTC), 3)
    assert fires == sorted(fires) and len(set(fires)) == 3


@settings(max_examples=examples(300))
@given(st.one_of(hostile_text(), st.sampled_from(["Asia", "../etc/passwd", "/etc/localtime", "UTC\x00"])))
@example(" / " * 497)  # zoneinfo looked it up as 497 nested packages: a RecursionError
def test_any_time_zone_is_known_or_refused_clearly(name):
    try:
        canonical = zones.resolve(name)
    except UserError as error:
        for language in LANGUAGES:
            _is_valid_message(localized(error, translator(language)))
    else:
        assert zones.known(canonical) == canonical  # what is stored reads back as itself
        assert zones.zone(canonical).utcoffset(datetime(2025, 3, 26)) is not None


@settings(max_examples=examples(300))
@given(st.one_of(schedules(), hostile_text()), st.one_of(hostile_text(big=False), st.sampled_from(["تهران"])))
def test_any_text_splits_into_a_time_and_a_zone_without_losing_a_word(text, zone):
    typed = f"{text} {zone}"
    for reads in (grammar.reads, deadline.reads):
        head, tail = zones.split(typed, reads)
        assert f"{head} {tail}".split() == typed.split() if tail else head == typed


# --- ids from buttons and forms --------------------------------------------------------------------------
@settings(max_examples=examples(300))
@given(st.one_of(hostile_text(), st.integers().map(str), st.sampled_from(["٣", "１", "0", "-1", " 7"])))
@example("99999999999")
@example("1" * 5000)
def test_ids_from_payloads_are_stored_ids_or_refused(value):
    view = {
        "state": {
            "values": {"stage": {"stage": {"type": "static_select", "selected_option": {"value": value}}}}
        }
    }
    for read in (untrusted_id, lambda text: state.selected_id(view, "stage")):
        try:
            number = read(value)
        except UserError:
            continue
        assert number is None or 0 < number <= DB_INT_MAX


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_each_fragment_is_escaped_in_every_language(fragment):
    for language in LANGUAGES:
        t = translator(language)
        text = t("Added the stage “{name}”.", name=escape(fragment))
        assert not harm({"blocks": [section(text)]}), (language, fragment)
        assert json.dumps(section(text))
