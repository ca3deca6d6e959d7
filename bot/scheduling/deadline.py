"""When a step closes: the one-off times people type after `/touchpoint deadline`, and quiet hours.

Accepted, case-insensitively, with ASCII, Persian or Arabic digits, optionally followed by a time of day
(`17:00`, `5pm`, after `at`; none means 17:00):

- a weekday, `friday` or `fri`: its next occurrence (today, if the time is still to come);
- `today`, `tomorrow`;
- a date, `2025-04-04`;
- `in 3 days`, `in 36 hours` (no time of day: counted from now).

The time is a wall-clock time in the deadline's zone; one a spring-forward skips is read as the trigger
of a reminder would fire it (an hour later, same instant), a repeated one as its first occurrence.
"""

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.method.errors import UserError
from bot.scheduling.grammar import TIME, WEEKDAY_PATTERN, WEEKDAYS, normalize, time_of_day

DEFAULT_TIME = time(17, 0)
WAKING = (time(8, 0), time(20, 0))  # nobody is nudged outside these hours of their own day
EXAMPLES = "`friday 17:00`, `tomorrow 9am`, `2025-04-04 12:00`, `in 3 days`"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PATTERN = re.compile(
    rf"""
    (?:(?P<weekday>{WEEKDAY_PATTERN})|(?P<relative>today|tomorrow)|(?P<date>\d{{4}}-\d{{1,2}}-\d{{1,2}}))
    (?:\ (?:at\ )?{TIME})?
    |in\ (?P<count>\d{{1,4}})\ (?P<unit>day|hour)s?
    """,
    re.VERBOSE,
)


def reads(text: str) -> bool:
    """Whether `text` has the form of a deadline (its numbers still to be checked)."""
    return _PATTERN.fullmatch(normalize(text)) is not None


def parse_deadline(text: str, zone: tzinfo, now: datetime, *, field: str | None = None) -> datetime:
    """The moment `text` names in `zone`, in UTC; UserError for one it can't read or that has passed."""
    match = _PATTERN.fullmatch(normalize(text))
    if match is None or (match["time"] and match["half"] is None and match["minute"] is None):
        raise UserError(
            "I can't read “{deadline}” as a deadline. Try e.g. {examples}.",
            field=field,
            deadline=text,
            examples=EXAMPLES,
        )
    if match["count"] is not None:
        count = int(match["count"])
        moment = now + (timedelta(days=count) if match["unit"] == "day" else timedelta(hours=count))
    else:
        at = time_of_day(match, DEFAULT_TIME, field)
        moment = _on(_day(match, zone, now, at, text, field), at, zone)
    if moment <= now:
        raise UserError(
            "“{deadline}” has passed already: give a time still to come, e.g. {examples}.",
            field=field,
            deadline=text,
            examples=EXAMPLES,
        )
    return moment


def _day(match: re.Match[str], zone: tzinfo, now: datetime, at: time, text: str, field: str | None) -> date:
    today = now.astimezone(zone).date()
    if match["relative"] is not None:
        return today + timedelta(days=1 if match["relative"] == "tomorrow" else 0)
    if match["date"] is not None:
        try:
            return date(*map(int, match["date"].split("-")))
        except ValueError:
            raise UserError(
                "I can't read “{deadline}” as a deadline. Try e.g. {examples}.",
                field=field,
                deadline=text,
                examples=EXAMPLES,
            ) from None
    ahead = (_DAYS.index(WEEKDAYS[match["weekday"]]) - today.weekday()) % 7
    if ahead == 0 and _on(today, at, zone) <= now:
        ahead = 7  # today's has passed: next week's
    return today + timedelta(days=ahead)


def _on(day: date, at: time, zone: tzinfo) -> datetime:
    """`at` on `day` in `zone`, in UTC (a time a DST change skips or repeats, as the module says)."""
    return datetime.combine(day, at, zone).astimezone(UTC)


def waking(moment: datetime, zone: tzinfo) -> datetime:
    """`moment` if it falls between 08:00 and 20:00 in `zone`, else the next 08:00 there (in UTC)."""
    local = moment.astimezone(zone)
    start, end = WAKING
    if start <= local.time() < end:
        return moment
    day = local.date() if local.time() < start else local.date() + timedelta(days=1)
    return _on(day, start, zone)
