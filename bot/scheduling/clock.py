"""The clock the core reads the time from, so tests can set it instead of sleeping."""

from collections.abc import Callable
from datetime import UTC, datetime

# A clock answers the current time as an aware datetime.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime: SQLite gives back the UTC wall time, without a zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
