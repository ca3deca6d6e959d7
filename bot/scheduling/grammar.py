"""The schedule grammar: what people type after `/touchpoint remind`, and when it fires.

Accepted, case-insensitively, with ASCII, Persian (۰-۹) or Arabic (٠-٩) digits:

- `every day 08:30`, `daily`; `every 3 days`, `every 3 days 18:00`
- `every monday 09:00` (`mon`, `tuesday`, …), `weekly on friday`; `every 2 weeks on friday 16:00`
- `every month on the 1st 10:00`, `monthly on 15`; `every 3 months on the 31st`
- `every 6 hours`, `every 30 minutes`: allowed only when the floor (reminders a day) is raised
- `off`

A time is `HH:MM` (24-hour), `9am`, `4:30 pm`, optionally after `at`; none means 09:00. Times are wall
clock times in the schedule's zone, and fire times come from APScheduler's `CronTrigger` (calendar
schedules) and `IntervalTrigger` (hours and minutes), then:

- a wall time that a spring-forward skips (02:30 in Europe/Berlin on the last Sunday of March) fires at the
  same instant the trigger gives, shown normalized: 03:30 local, that day;
- a wall time that a fall-back repeats fires once, at its first occurrence;
- day 29, 30 or 31 of a month fires on the last day of a shorter month (the 28th or 29th of February);
- cycles of N days, weeks or months count from a fixed epoch (Monday 5 January 1970, in the schedule's
  zone), so the fire times depend only on the schedule, never on when it was typed or last fired.
"""

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.method.errors import UserError
from bot.scheduling import zones

OFF = "off"
DEFAULT_TIME = time(9, 0)
DEFAULT_PER_DAY = 1  # at most this many reminders a day per map: the floor that keeps channels calm
COUNT_MAX = 365
EPOCH = date(1970, 1, 5)  # a Monday: where cycles of days, weeks and months start counting
_TICK = timedelta(microseconds=1)

WEEKDAYS = {
    **dict.fromkeys(("monday", "mon"), "mon"),
    **dict.fromkeys(("tuesday", "tues", "tue"), "tue"),
    **dict.fromkeys(("wednesday", "wed"), "wed"),
    **dict.fromkeys(("thursday", "thurs", "thur", "thu"), "thu"),
    **dict.fromkeys(("friday", "fri"), "fri"),
    **dict.fromkeys(("saturday", "sat"), "sat"),
    **dict.fromkeys(("sunday", "sun"), "sun"),
}
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
WEEKDAY_PATTERN = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "hourly": "hour"}
TIME = r"(?P<time>(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\ ?(?P<half>am|pm)?)"  # verbose-mode regex
_PATTERN = re.compile(
    rf"""
    (?:every\ (?:(?P<count>\d+)\ )?(?P<unit>day|week|month|hour|minute)s?
      |(?P<adverb>daily|weekly|monthly|hourly)
      |every\ (?P<weekday>{WEEKDAY_PATTERN}))
    (?:\ on\ (?:(?P<on_weekday>{WEEKDAY_PATTERN})|(?:the\ )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?))?
    (?:\ (?:at\ )?{TIME})?
    """,
    re.VERBOSE,
)
EXAMPLES = (
    "`every monday 09:00`, `every 2 weeks on friday 16:00`, `every month on the 1st 10:00`, `every 3 days`"
)


def _always(_: date) -> bool:
    return True


@dataclass(frozen=True)
class Schedule:
    """A recurring schedule in one time zone, its fire times computed by an APScheduler trigger."""

    zone: tzinfo
    trigger: BaseTrigger
    period: timedelta  # the shortest nominal gap between two fires, checked against the floor
    wall_clock: bool  # fires at a time of day (calendar schedules), not every so many hours or minutes
    keep: Callable[[date], bool] = _always  # which of the trigger's local dates are in the cycle

    def next_fires(self, after: datetime, count: int) -> list[datetime]:
        """The next `count` fire times strictly after `after` (aware), as aware datetimes in the zone.

        A scheduler that just fired at F asks `next_fires(F, 1)` for the next one; the answer depends only
        on the schedule and `after`.
        """
        if after.tzinfo is None:
            raise ValueError("`after` must be an aware datetime")
        fires: list[datetime] = []
        query = after + _TICK  # what the trigger is asked: after this
        earliest = after.astimezone(UTC) + _TICK  # in UTC: datetimes of one zone compare by wall time
        while len(fires) < count:
            raw = self.trigger.get_next_fire_time(None, query)  # wall time in the zone, maybe in a DST gap
            fire = raw.astimezone(UTC)
            local = fire.astimezone(self.zone)
            # The cron trigger works on wall times: inside a fall-back's repeated hour it can answer a time
            # already passed, or the repeat of one. A calendar schedule fires at most once a local day, so
            # it is next asked from the following midnight, as a wall time (an instant could skip a day
            # whose midnight a spring-forward removes).
            valid = fire >= earliest and not (self.wall_clock and _repeated(local))
            if self.wall_clock:
                query = datetime.combine(raw.date() + timedelta(days=1), time(), self.zone)
            else:
                query = fire + _TICK
            earliest = max(earliest, fire + _TICK)
            if valid and self.keep(raw.date()):
                fires.append(local)
        return fires


def _repeated(moment: datetime) -> bool:
    """Whether `moment` is the second occurrence of a wall time that a fall-back repeats."""
    return moment.fold == 1 and moment.replace(fold=0).utcoffset() != moment.utcoffset()


def normalize(text: str) -> str:
    """`text` folded for matching: ASCII digits, lower case, single spaces."""
    return " ".join(text.translate(_DIGITS).casefold().split())


def is_off(text: str) -> bool:
    return normalize(text) == OFF


def reads(text: str) -> bool:
    """Whether `text` has the form of a schedule (its numbers still to be checked)."""
    return _PATTERN.fullmatch(normalize(text)) is not None


def parse(text: str, zone_name: str, *, per_day: int = DEFAULT_PER_DAY, field: str | None = None) -> Schedule:
    """The schedule `text` means in the zone `zone_name` names (as `zones` reads it); UserError for one it
    can't read, an unknown zone, or one that fires more than `per_day` times a day. `off` is not a
    schedule: check `is_off` first."""
    tz = zones.zone(zones.resolve(zone_name))
    match = _PATTERN.fullmatch(normalize(text))
    if match is None:
        raise UserError(
            "I can't read “{schedule}” as a schedule. Try e.g. {examples}, or `off`.",
            field=field,
            schedule=text,
            examples=EXAMPLES,
        )
    # `every monday` names neither a unit nor an adverb: it is weekly.
    unit = match["unit"] or (_ADVERBS[match["adverb"]] if match["adverb"] else "week")
    count = _number(match["count"] or "1")
    weekday = match["weekday"] or match["on_weekday"]
    day = match["day"]
    if not 1 <= count <= COUNT_MAX:
        raise UserError(
            "Use a number from 1 to {limit} in “{schedule}”.", field=field, limit=COUNT_MAX, schedule=text
        )
    fits = {
        "day": weekday is None and day is None,
        "week": weekday is not None and day is None and not (match["weekday"] and match["on_weekday"]),
        "month": weekday is None and day is not None,
        "hour": weekday is None and day is None and match["time"] is None,
        "minute": weekday is None and day is None and match["time"] is None,
    }[unit]
    if not fits:
        raise UserError(
            "I can't read “{schedule}” as a schedule. Try e.g. {examples}, or `off`.",
            field=field,
            schedule=text,
            examples=EXAMPLES,
        )
    if unit in ("hour", "minute"):
        period = timedelta(**{f"{unit}s": count})
        trigger: BaseTrigger = IntervalTrigger(
            **{f"{unit}s": count}, start_date=datetime(1970, 1, 1, tzinfo=UTC), timezone=UTC
        )  # absolute intervals, counted in UTC from the epoch
        schedule = Schedule(tz, trigger, period, wall_clock=False)
    else:
        at = _time(match, text, field)
        schedule = _calendar(unit, count, weekday, day, at, tz, field)
    if schedule.period * per_day < timedelta(days=1):
        raise UserError(
            "That's too often: a map's reminder comes at most {count}× a day. Try e.g. {examples}.",
            field=field,
            count=per_day,
            examples=EXAMPLES,
        )
    return schedule


def _number(digits: str) -> int:
    """`digits` as a number; a long run of them (which `int()` refuses past 4,300) as one over any limit."""
    return int(digits) if len(digits.lstrip("0")) <= 6 else COUNT_MAX + 1


def _time(match: re.Match[str], text: str, field: str | None) -> time:
    """The time of day typed (09:00 when none was)."""
    if match["time"] is not None and match["half"] is None and match["minute"] is None:
        raise UserError(
            "I can't read “{schedule}” as a schedule. Try e.g. {examples}, or `off`.",
            field=field,
            schedule=text,
            examples=EXAMPLES,
        )
    return time_of_day(match, DEFAULT_TIME, field)


def time_of_day(match: re.Match[str], default: time, field: str | None) -> time:
    """The time of day in `match`'s `time` group (`HH:MM`, `9am`, `4:30 pm`: its `hour`, `minute` and `half`
    groups), `default` when there is none; UserError for one that isn't a time of day."""
    if match["time"] is None:
        return default
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if minute > 59 or (hour > 23 if half is None else not 1 <= hour <= 12):
        raise UserError(
            "“{time}” is not a time of day: use 24-hour HH:MM, e.g. 09:00 or 16:30.",
            field=field,
            time=match["time"],
        )
    if half is not None:
        hour = hour % 12 + (12 if half == "pm" else 0)
    return time(hour, minute)


def _calendar(
    unit: str,
    count: int,
    weekday: str | None,
    day: str | None,
    at: time,
    tz: tzinfo,
    field: str | None,
) -> Schedule:
    """A schedule at a time of day: every `count` days, weeks (on `weekday`) or months (on `day`)."""
    at_time = {"hour": at.hour, "minute": at.minute, "timezone": tz}
    if unit == "day":
        return Schedule(
            tz,
            CronTrigger(**at_time),
            timedelta(days=count),
            wall_clock=True,
            keep=lambda d: (d - EPOCH).days % count == 0,
        )
    if unit == "week":
        assert weekday is not None
        return Schedule(
            tz,
            CronTrigger(day_of_week=WEEKDAYS[weekday], **at_time),
            timedelta(weeks=count),
            wall_clock=True,
            keep=lambda d: (d - EPOCH).days // 7 % count == 0,
        )
    assert day is not None
    day_of_month = int(day)
    if not 1 <= day_of_month <= 31:
        raise UserError(
            "A month has no day {day}: use 1 to 31, e.g. `every month on the 1st 10:00`.",
            field=field,
            day=day_of_month,
        )

    def keep(d: date) -> bool:
        in_cycle = (d.year * 12 + d.month - 1) % count == 0
        return in_cycle and d.day == min(day_of_month, monthrange(d.year, d.month)[1])

    days = str(day_of_month) if day_of_month <= 28 else "28-31"  # 29-31: the last day of shorter months
    return Schedule(
        tz, CronTrigger(day=days, **at_time), timedelta(days=28 * count), wall_clock=True, keep=keep
    )
