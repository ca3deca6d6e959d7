"""The schedule grammar: each form, Unicode digits, DST and odd offsets, short months, the floor, errors."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.method.errors import UserError
from bot.scheduling.grammar import is_off, parse

BERLIN, TEHRAN = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tehran")
WEDNESDAY = datetime(2025, 3, 26, 12, 0, tzinfo=UTC)


def fires(text: str, zone: str, after: datetime = WEDNESDAY, count: int = 3, **options) -> list[str]:
    return [f.isoformat() for f in parse(text, zone, **options).next_fires(after, count)]


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("every monday 09:00", "UTC", ["2025-03-31T09:00:00+00:00", "2025-04-07T09:00:00+00:00"]),
        ("Every Mon at 9am", "UTC", ["2025-03-31T09:00:00+00:00", "2025-04-07T09:00:00+00:00"]),
        ("weekly on friday 4:30 pm", "UTC", ["2025-03-28T16:30:00+00:00", "2025-04-04T16:30:00+00:00"]),
        # Two-week cycles count from Monday 5 January 1970: 4 April 2025 is in one, 28 March is not.
        ("every 2 weeks on friday 16:00", "UTC", ["2025-04-04T16:00:00+00:00", "2025-04-18T16:00:00+00:00"]),
        (
            "every month on the 1st 10:00",
            "Asia/Riyadh",
            ["2025-04-01T10:00:00+03:00", "2025-05-01T10:00:00+03:00"],
        ),
        ("monthly on 15", "UTC", ["2025-04-15T09:00:00+00:00", "2025-05-15T09:00:00+00:00"]),
        ("every 3 days", "UTC", ["2025-03-29T09:00:00+00:00", "2025-04-01T09:00:00+00:00"]),
        ("every day 08:30", "UTC", ["2025-03-27T08:30:00+00:00", "2025-03-28T08:30:00+00:00"]),
        ("daily", "UTC", ["2025-03-27T09:00:00+00:00", "2025-03-28T09:00:00+00:00"]),
        ("  EVERY   Day   AT 08:30 ", "UTC", ["2025-03-27T08:30:00+00:00", "2025-03-28T08:30:00+00:00"]),
    ],
)
def test_each_form_fires_when_it_says(text, zone, expected):
    assert fires(text, zone, count=2) == expected


def test_persian_and_arabic_digits_read_as_numbers():
    ascii_fires = fires("every 2 weeks on friday 09:00", "Asia/Tehran")
    assert fires("every ۲ weeks on friday ۰۹:۰۰", "Asia/Tehran") == ascii_fires
    assert fires("every ٢ weeks on friday ٠٩:٠٠", "Asia/Tehran") == ascii_fires
    assert fires("every month on the ۱st ۱۰:۳۰", "UTC", count=1) == ["2025-04-01T10:30:00+00:00"]


def test_off_is_not_a_schedule():
    assert is_off(" OFF ")
    assert not is_off("every day")


def test_tehran_is_three_and_a_half_hours_ahead_and_kept_daylight_saving_until_2022():
    assert fires("every monday 09:00", "Asia/Tehran", count=1) == ["2025-03-31T09:00:00+03:30"]
    [fire] = parse("every monday 09:00", "Asia/Tehran").next_fires(WEDNESDAY, 1)
    assert fire.astimezone(UTC) == datetime(2025, 3, 31, 5, 30, tzinfo=UTC)
    # In 2022 Tehran moved to UTC+4:30 at midnight on 22 March: 00:30 didn't exist that day, so it fired
    # at the same instant, 01:30 by the new clock; it moved back at midnight on 22 September.
    assert fires("every day 00:30", "Asia/Tehran", after=datetime(2022, 3, 20, 12, tzinfo=UTC)) == [
        "2022-03-21T00:30:00+03:30",
        "2022-03-22T01:30:00+04:30",
        "2022-03-23T00:30:00+04:30",
    ]
    assert fires("every day 09:00", "Asia/Tehran", after=datetime(2022, 9, 21, 12, tzinfo=UTC)) == [
        "2022-09-22T09:00:00+03:30",
        "2022-09-23T09:00:00+03:30",
        "2022-09-24T09:00:00+03:30",
    ]


def test_berlin_spring_forward_keeps_the_wall_time_and_fires_a_skipped_time_an_hour_later():
    saturday = datetime(2025, 3, 29, 0, 0, tzinfo=UTC)
    assert fires("every day 09:00", "Europe/Berlin", after=saturday) == [
        "2025-03-29T09:00:00+01:00",
        "2025-03-30T09:00:00+02:00",
        "2025-03-31T09:00:00+02:00",
    ]
    assert fires("every day 02:30", "Europe/Berlin", after=saturday) == [
        "2025-03-29T02:30:00+01:00",
        "2025-03-30T03:30:00+02:00",  # 02:30 never happened that day
        "2025-03-31T02:30:00+02:00",
    ]
    assert fires("every sunday 02:30", "Europe/Berlin", after=saturday, count=1) == [
        "2025-03-30T03:30:00+02:00"
    ]


def test_berlin_fall_back_fires_a_repeated_time_once():
    friday = datetime(2025, 10, 24, 0, 0, tzinfo=UTC)
    assert fires("every day 02:30", "Europe/Berlin", after=friday, count=4) == [
        "2025-10-24T02:30:00+02:00",
        "2025-10-25T02:30:00+02:00",
        "2025-10-26T02:30:00+02:00",  # the first 02:30; not again at 02:30+01:00
        "2025-10-27T02:30:00+01:00",
    ]
    between = datetime(2025, 10, 26, 2, 45, fold=1, tzinfo=BERLIN)  # after both 02:30s
    assert fires("every day 02:30", "Europe/Berlin", after=between, count=1) == ["2025-10-27T02:30:00+01:00"]
    inside = datetime(2025, 10, 26, 2, 15, fold=1, tzinfo=BERLIN)  # the first 02:30 passed, the second not
    assert fires("every day 02:30", "Europe/Berlin", after=inside, count=1) == ["2025-10-27T02:30:00+01:00"]


def test_interval_schedules_count_real_time_across_dst():
    fall_back = datetime(2025, 10, 26, 0, 15, tzinfo=UTC)
    assert fires("every 30 minutes", "Europe/Berlin", after=fall_back, count=3, per_day=48) == [
        "2025-10-26T02:30:00+02:00",
        "2025-10-26T02:00:00+01:00",
        "2025-10-26T02:30:00+01:00",
    ]
    assert fires("every 6 hours", "Asia/Tehran", count=2, per_day=4) == [
        "2025-03-26T21:30:00+03:30",
        "2025-03-27T03:30:00+03:30",
    ]


def test_a_day_a_short_month_lacks_fires_on_its_last_day():
    new_year = datetime(2024, 1, 1, tzinfo=UTC)
    assert fires("every month on the 31st 10:00", "UTC", after=new_year, count=4) == [
        "2024-01-31T10:00:00+00:00",
        "2024-02-29T10:00:00+00:00",  # a leap year
        "2024-03-31T10:00:00+00:00",
        "2024-04-30T10:00:00+00:00",
    ]
    # Cycles of months count from January 1970: every third month is January, April, July, October.
    assert fires("every 3 months on the 31st", "UTC", after=datetime(2025, 2, 1, tzinfo=UTC), count=2) == [
        "2025-04-30T09:00:00+00:00",
        "2025-07-31T09:00:00+00:00",
    ]


def test_fires_are_strictly_after_and_chain():
    schedule = parse("every monday 09:00", "Asia/Tehran")
    [first] = schedule.next_fires(WEDNESDAY, 1)
    assert schedule.next_fires(first, 2) == schedule.next_fires(WEDNESDAY, 3)[1:]
    with pytest.raises(ValueError):
        schedule.next_fires(datetime(2025, 3, 26), 1)


def test_the_floor_refuses_more_than_one_reminder_a_day_unless_raised():
    for text in ("every 12 hours", "every 30 minutes", "hourly"):
        with pytest.raises(UserError) as error:
            parse(text, "UTC", field="schedule")
        assert error.value.message.startswith("That's too often")
        assert (error.value.field, error.value.params["count"]) == ("schedule", 1)
    assert fires("every 12 hours", "UTC", count=1, per_day=2) == ["2025-03-27T00:00:00+00:00"]
    with pytest.raises(UserError):
        parse("every 6 hours", "UTC", per_day=2)
    assert fires("every day", "UTC", count=1) == ["2025-03-27T09:00:00+00:00"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("every blue moon", "I can't read"),
        ("", "I can't read"),
        ("every monday 9", "I can't read"),
        ("every 3 days on monday", "I can't read"),
        ("every month", "I can't read"),
        ("every 2 weeks", "I can't read"),
        ("every 2 hours 09:00", "I can't read"),
        ("every monday on tuesday", "I can't read"),
        ("every day 24:00", "“{time}” is not a time of day"),
        ("every day 09:60", "“{time}” is not a time of day"),
        ("every day 13pm", "“{time}” is not a time of day"),
        ("every day 0am", "“{time}” is not a time of day"),
        ("every month on the 32nd", "A month has no day"),
        ("every 0 days", "Use a number from 1 to"),
        ("every 400 weeks on monday", "Use a number from 1 to"),
    ],
)
def test_bad_schedules_are_refused_with_examples(text, message):
    with pytest.raises(UserError) as error:
        parse(text, "UTC", field="schedule")
    assert error.value.message.startswith(message)
    assert error.value.field == "schedule"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Asia", "", "../etc/passwd"])
def test_unknown_zones_are_refused(zone):
    with pytest.raises(UserError) as error:
        parse("every day", zone)
    assert error.value.message.startswith("“{zone}” is not a time zone I know")
