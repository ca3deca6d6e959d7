"""Time zones as people type them: tz names in any case, offsets, Persian and Arabic names; after a
schedule or a deadline with or without ` / `; an unknown one refused with the closest names and a command
that works."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.method.errors import UserError
from bot.scheduling import deadline, grammar, zones
from handlers.commands.grammar import SetDeadline, SetReminder
from handlers.commands.subcommands import parse

WEDNESDAY = datetime(2025, 3, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Asia/Tehran", "Asia/Tehran"),
        ("asia/tehran", "Asia/Tehran"),
        ("ASIA/TEHRAN", "Asia/Tehran"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("america/new_york", "America/New_York"),
        ("Tehran", "Asia/Tehran"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("istanbul", "Asia/Istanbul"),  # in two areas, one place
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("gmt", "GMT"),
        ("Iran", "Iran"),
        ("+03:30", "UTC+03:30"),
        ("+3:30", "UTC+03:30"),
        ("+0330", "UTC+03:30"),
        ("UTC+3:30", "UTC+03:30"),
        ("utc+03:30", "UTC+03:30"),
        ("UTC +3", "UTC+03:00"),
        ("GMT-5", "UTC-05:00"),
        ("−5", "UTC-05:00"),  # a typographic minus
        ("+05:45", "UTC+05:45"),
        ("-12", "UTC-12:00"),
        ("+14", "UTC+14:00"),
        ("+0", "UTC"),
        ("UTC-00:00", "UTC"),
        ("+۳:۳۰", "UTC+03:30"),
        ("+٣:٣٠", "UTC+03:30"),
    ],
)
def test_names_and_offsets_in_any_case(typed, canonical):
    assert zones.known(typed) == canonical
    assert zones.resolve(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("تهران", "Asia/Tehran"),
        ("طهران", "Asia/Tehran"),  # Arabic spelling
        ("ایران", "Asia/Tehran"),
        ("مشهد", "Asia/Tehran"),
        ("کابل", "Asia/Kabul"),
        ("الرياض", "Asia/Riyadh"),
        ("الریاض", "Asia/Riyadh"),  # Persian yeh
        ("ریاض", "Asia/Riyadh"),  # Persian, without ال
        ("القاهرة", "Africa/Cairo"),
        ("القاهره", "Africa/Cairo"),  # heh for teh marbuta
        ("القـاهرة", "Africa/Cairo"),  # tatweel
        ("قاهره", "Africa/Cairo"),
        ("دبي", "Asia/Dubai"),
        ("دبی", "Asia/Dubai"),
        ("بغداد", "Asia/Baghdad"),
        ("الدوحة", "Asia/Qatar"),
        ("عمان", "Asia/Amman"),
        ("عَمّان", "Asia/Amman"),  # with its vowel marks
        ("سلطنة عمان", "Asia/Muscat"),
        ("بيروت", "Asia/Beirut"),
        ("دمشق", "Asia/Damascus"),
        ("الكويت", "Asia/Kuwait"),
        ("کویت", "Asia/Kuwait"),  # Persian kaf and yeh
        ("مسقط", "Asia/Muscat"),
        ("المنامة", "Asia/Bahrain"),
        ("الجزائر", "Africa/Algiers"),
        ("الجزایر", "Africa/Algiers"),
        ("تونس", "Africa/Tunis"),
        ("الرباط", "Africa/Casablanca"),
        ("الدار البيضاء", "Africa/Casablanca"),
        ("الدار  البيضا", "Africa/Casablanca"),  # no final hamza, two spaces
        ("طرابلس", "Africa/Tripoli"),
        ("الخرطوم", "Africa/Khartoum"),
        ("صنعاء", "Asia/Aden"),
        ("صنعا", "Asia/Aden"),
        ("القدس", "Asia/Jerusalem"),
        ("بیت‌المقدس", "Asia/Jerusalem"),  # with ZWNJ
        ("رام الله", "Asia/Hebron"),
        ("نواكشوط", "Africa/Nouakchott"),
        ("جزر القمر", "Indian/Comoro"),
    ],
)
def test_persian_and_arabic_names_with_their_letter_variants(typed, canonical):
    assert zones.known(typed) == canonical


def test_each_persian_and_arabic_name_stands_for_its_own_zone():
    """No two zones' names fold to one key (a later one would take an earlier one's name over)."""
    for zone_name, words in zones.NAMES.items():
        zones.zone(zone_name)  # a zone of the tz database
        for word in words.split():
            assert zones.known(word.replace("_", " ")) == zone_name, word


WORDS = ("every", "day", "days", "week", "weeks", "month", "months", "hour", "hours", "minute", "minutes")
WORDS += ("daily", "weekly", "monthly", "hourly", "on", "the", "at", "am", "pm", "off", "today", "tomorrow")
WORDS += ("in", "next", "st", "nd", "rd", "th", *grammar.WEEKDAYS)


def test_no_word_of_a_schedule_or_a_deadline_is_a_zone():
    assert [word for word in WORDS if zones.known(word)] == []


@pytest.mark.parametrize(
    "typed", ["Mars/Olympus", "Asia", "Asia/", "+15", "+3:75", "UTC+", "09:00", "9", "", "../etc/passwd"]
)
def test_what_names_no_zone_is_unknown(typed):
    assert zones.known(typed) is None
    with pytest.raises(UserError) as error:
        zones.resolve(typed, field="timezone")
    assert error.value.message.startswith("“{zone}” is not a time zone I know")
    assert error.value.field == "timezone"


@pytest.mark.parametrize(
    ("typed", "close"),
    [
        ("Asia/Tehrn", ["Asia/Tehran"]),
        ("tehrn", ["Asia/Tehran"]),
        ("Europe/Berln", ["Europe/Berlin"]),
        ("nwe york", ["America/New_York"]),
        ("تهرن", ["Asia/Tehran"]),
        ("الرياضض", ["Asia/Riyadh"]),
        ("دوبي", ["Asia/Dubai"]),
        ("Mars/Olympus", []),
        ("Asia", []),
        ("x" * 5000, []),
    ],
)
def test_an_unknown_zone_is_refused_with_the_closest_names(typed, close):
    assert zones.suggestions(typed) == close
    with pytest.raises(UserError) as error:
        zones.resolve(typed)
    if close:
        assert error.value.message == "“{zone}” is not a time zone I know. Did you mean {choices}?"
        assert error.value.params == {"zone": typed, "choices": ", ".join(close)}
    else:
        assert "an offset such as +03:30" in error.value.message


@pytest.mark.parametrize(
    ("stored", "offset"),
    [
        ("Asia/Tehran", timedelta(hours=3, minutes=30)),
        ("UTC+03:30", timedelta(hours=3, minutes=30)),
        ("UTC-05:00", timedelta(hours=-5)),
        ("UTC", timedelta(0)),
    ],
)
def test_a_stored_name_is_its_zone(stored, offset):
    zone = zones.zone(stored)
    assert zone.utcoffset(datetime(2025, 3, 26)) == offset
    assert str(zone) == stored


def test_a_schedule_fires_in_an_offset_or_a_persian_named_zone():
    tehran = [f.isoformat() for f in grammar.parse("every monday 09:00", "تهران").next_fires(WEDNESDAY, 2)]
    assert tehran == ["2025-03-31T09:00:00+03:30", "2025-04-07T09:00:00+03:30"]
    fixed = grammar.parse("every monday 09:00", "UTC+03:30").next_fires(WEDNESDAY, 2)
    assert [f.astimezone(UTC) for f in fixed] == [
        datetime(2025, 3, 31, 5, 30, tzinfo=UTC),
        datetime(2025, 4, 7, 5, 30, tzinfo=UTC),
    ]
    due = deadline.parse_deadline("friday 17:00", zones.zone("UTC-05:00"), WEDNESDAY)
    assert due == datetime(2025, 3, 28, 22, 0, tzinfo=UTC)


# --- a zone after the time -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("remind every monday 09:00 Asia/Tehran", SetReminder("every monday 09:00", "Asia/Tehran")),
        ("remind every monday 09:00 / Asia/Tehran", SetReminder("every monday 09:00", "Asia/Tehran")),
        ("remind every day 08:30 asia/tehran", SetReminder("every day 08:30", "Asia/Tehran")),
        ("remind every monday 09:00 تهران", SetReminder("every monday 09:00", "Asia/Tehran")),
        ("یادآوری every monday ۰۹:۰۰ تهران", SetReminder("every monday ۰۹:۰۰", "Asia/Tehran")),
        ("remind daily الدار البيضاء", SetReminder("daily", "Africa/Casablanca")),
        ("remind every 2 weeks on friday 4pm UTC+3:30", SetReminder("every 2 weeks on friday 4pm", "UTC+03:30")),  # noqa: E501
        ("remind every month on the 1st UTC +3", SetReminder("every month on the 1st", "UTC+03:00")),
        ("remind every 3 days gmt-5", SetReminder("every 3 days", "UTC-05:00")),
        ("remind every 3 days", SetReminder("every 3 days", "")),
        ("remind every day at 9am new york", SetReminder("every day at 9am", "America/New_York")),
        ("remind off", SetReminder("off", "")),
        ("deadline friday 17:00 Europe/Berlin", SetDeadline("friday 17:00", "Europe/Berlin", False)),
        ("deadline friday 17:00 Europe/Berlin / next", SetDeadline("friday 17:00", "Europe/Berlin", True)),
        ("deadline friday 17:00 / Europe/Paris / next", SetDeadline("friday 17:00", "Europe/Paris", True)),
        ("deadline friday 17:00 / next", SetDeadline("friday 17:00", "", True)),
        ("deadline tomorrow 9am الرياض / التالي", SetDeadline("tomorrow 9am", "Asia/Riyadh", True)),
        ("deadline 2025-04-04 12:00 +03:30", SetDeadline("2025-04-04 12:00", "UTC+03:30", False)),
        ("deadline in 3 days utc", SetDeadline("in 3 days", "UTC", False)),
        ("مهلت friday 17:00 القاهرة", SetDeadline("friday 17:00", "Africa/Cairo", False)),
    ],
)  # fmt: skip
def test_the_zone_comes_after_the_time_with_or_without_a_slash(text, expected):
    assert parse(text).command == expected


@pytest.mark.parametrize(
    ("text", "zone", "choices", "command"),
    [
        (
            "remind every monday 09:00 Asia/Tehrn",
            "Asia/Tehrn",
            "Asia/Tehran",
            "/touchpoint remind every monday 09:00 Asia/Tehran",
        ),
        (
            "remind every monday 09:00 / Asia/Tehrn",
            "Asia/Tehrn",
            "Asia/Tehran",
            "/touchpoint remind every monday 09:00 / Asia/Tehran",
        ),
        ("remind every day tehrn", "tehrn", "Asia/Tehran", "/touchpoint remind every day Asia/Tehran"),
        (
            "یادآوری  every monday 09:00   تهرن",
            "تهرن",
            "Asia/Tehran",
            "/touchpoint یادآوری every monday 09:00 Asia/Tehran",
        ),
        (
            "deadline friday 17:00 Europe/Berln / next",
            "Europe/Berln",
            "Europe/Berlin",
            "/touchpoint deadline friday 17:00 Europe/Berlin / next",
        ),
        ("deadline friday الرياضض", "الرياضض", "Asia/Riyadh", "/touchpoint deadline friday Asia/Riyadh"),
    ],
)
def test_an_unknown_zone_in_a_command_is_refused_with_the_command_that_works(text, zone, choices, command):
    with pytest.raises(UserError) as error:
        parse(text)
    assert error.value.message == (
        "“{zone}” is not a time zone I know. Did you mean {choices}? This works: `{command}`"
    )
    assert error.value.params == {"zone": zone, "choices": choices, "command": command}
    assert parse(command.removeprefix("/touchpoint ")).command.timezone == choices  # it does work


def test_a_zone_like_nothing_is_refused_with_a_command_in_utc():
    with pytest.raises(UserError) as error:
        parse("remind every monday 09:00 Mars/Olympus")
    assert error.value.message.startswith("“{zone}” is not a time zone I know: use a name such as")
    assert error.value.params["command"] == "/touchpoint remind every monday 09:00 UTC"


@pytest.mark.parametrize(
    "text",
    ["every monday 9", "every blue moon", "every day 25:00", "every 2 hours 09:00"],
)
def test_a_schedule_that_doesnt_read_is_left_whole_for_the_grammar_to_refuse(text):
    assert zones.split(text, grammar.reads) == (text, "")


SCHEDULES = st.sampled_from(
    [
        "every monday 09:00",
        "daily",
        "every 2 weeks on friday 4:30 pm",
        "every month on the 1st",
        "every 3 days",
    ]
)
DEADLINES = st.sampled_from(["friday 17:00", "tomorrow 9am", "2025-04-04 12:00", "in 3 days", "today"])
ZONES = st.sampled_from(
    ["Asia/Tehran", "asia/tehran", "UTC", "+03:30", "UTC+3:30", "GMT-5", "تهران", "الدار البيضاء", "new york"]
)


@given(
    st.one_of(st.tuples(SCHEDULES, st.just(grammar.reads)), st.tuples(DEADLINES, st.just(deadline.reads))),
    ZONES,
)
def test_any_known_zone_after_any_time_is_split_off(when_and_reads, zone):
    when, reads = when_and_reads
    assert zones.split(f"{when}  {zone} ", reads) == (when, " ".join(zone.split()))
    assert zones.split(when, reads) == (when, "")


@given(st.text(max_size=60))
def test_split_never_loses_or_invents_a_word(text):
    head, tail = zones.split(text, grammar.reads)
    assert (head.split() + tail.split()) == text.split()
