"""The playground's clock: the system's time plus an offset the page moves forward, so a week's reminders
can be seen in a minute. The bot, its scheduler and the Slack stand-in all read it."""

import threading
from datetime import UTC, datetime, timedelta


class OffsetClock:
    """A `bot.scheduling.clock.Clock`: called, it answers the moved time as an aware UTC datetime."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset

    def timestamp(self) -> float:
        """The moved time as seconds since the epoch (Slack's message timestamps)."""
        return self().timestamp()

    def move_to(self, moment: datetime) -> None:
        """Move the clock forward to `moment` (never back: what has happened stays in the past)."""
        with self._lock:
            self._offset = max(self._offset, moment - datetime.now(UTC))
