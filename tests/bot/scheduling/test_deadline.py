"""Deadlines as typed: weekdays, days, dates and spans, in a zone, with Unicode digits; and quiet hours."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.method.errors import UserError
from bot.scheduling.deadline import parse_deadline, waking

WEDNESDAY = datetime(2025, 3, 26, 12, 0, tzinfo=UTC)  # the Sunday after, Europe springs forward
BERLIN, TEHRAN, UTC_ZONE = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tehran"), ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("friday 17:00", UTC_ZONE, datetime(2025, 3, 28, 17, 0, tzinfo=UTC)),
        ("Fri at 5pm", BERLIN, datetime(2025, 3, 28, 16, 0, tzinfo=UTC)),  # CET, UTC+1
        ("monday", BERLIN, datetime(2025, 3, 31, 15, 0, tzinfo=UTC)),  # CEST since Sunday: 17:00 is 15:00 UTC
        ("wednesday 13:00", UTC_ZONE, datetime(2025, 3, 26, 13, 0, tzinfo=UTC)),  # today, still to come
        ("wednesday 11:00", UTC_ZONE, datetime(2025, 4, 2, 11, 0, tzinfo=UTC)),  # today's passed: next week
        ("today 16:30", TEHRAN, datetime(2025, 3, 26, 13, 0, tzinfo=UTC)),  # Tehran is UTC+3:30
        ("tomorrow 9am", UTC_ZONE, datetime(2025, 3, 27, 9, 0, tzinfo=UTC)),
        ("2025-04-04 12:00", UTC_ZONE, datetime(2025, 4, 4, 12, 0, tzinfo=UTC)),
        ("in 3 days", UTC_ZONE, datetime(2025, 3, 29, 12, 0, tzinfo=UTC)),
        ("in 36 hours", TEHRAN, datetime(2025, 3, 28, 0, 0, tzinfo=UTC)),
        ("sunday 02:30", BERLIN, datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),  # skipped: 03:30 CEST
    ],
)
def test_each_form_names_a_moment(text, zone, expected):
    assert parse_deadline(text, zone, WEDNESDAY) == expected


def test_persian_and_arabic_digits():
    expected = datetime(2025, 4, 4, 12, 30, tzinfo=UTC)
    assert parse_deadline("۲۰۲۵-۰۴-۰۴ ۱۲:۳۰", UTC_ZONE, WEDNESDAY) == expected
    assert parse_deadline("٢٠٢٥-٠٤-٠٤ ١٢:٣٠", UTC_ZONE, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("someday", "I can't read “someday” as a deadline. Try e.g. `friday 17:00`"),
        ("friday 5", "I can't read “friday 5” as a deadline."),
        ("2025-02-30 10:00", "I can't read “2025-02-30 10:00” as a deadline."),
        ("friday 25:00", "“25:00” is not a time of day"),
        ("2025-03-01 10:00", "“2025-03-01 10:00” has passed already: give a time still to come"),
        ("today 11:00", "“today 11:00” has passed already"),
    ],
)
def test_bad_deadlines_are_refused_with_examples(text, message):
    with pytest.raises(UserError) as refused:
        parse_deadline(text, UTC_ZONE, WEDNESDAY, field="when")
    assert refused.value.message.format(**refused.value.params).startswith(message)
    assert refused.value.field == "when"


def test_quiet_hours_wait_for_the_persons_morning():
    assert waking(WEDNESDAY, TEHRAN) == WEDNESDAY  # 15:30 in Tehran
    evening = datetime(2025, 3, 26, 17, 0, tzinfo=UTC)  # 20:30 in Tehran
    assert waking(evening, TEHRAN) == datetime(2025, 3, 27, 4, 30, tzinfo=UTC)  # 08:00 there
    early = datetime(2025, 3, 26, 3, 0, tzinfo=UTC)  # 06:30 in Tehran
    assert waking(early, TEHRAN) == datetime(2025, 3, 26, 4, 30, tzinfo=UTC)
    assert waking(datetime(2025, 3, 26, 7, 0, tzinfo=UTC), BERLIN) == datetime(2025, 3, 26, 7, 0, tzinfo=UTC)
