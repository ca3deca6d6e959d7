"""A clock tests set by hand, so what depends on the time is deterministic and nothing sleeps."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

# Wednesday 26 March 2025, 12:00 UTC: the Sunday after it, Europe moves its clocks forward.
START = datetime(2025, 3, 26, 12, 0, tzinfo=UTC)


@dataclass
class ManualClock:
    now: datetime = field(default=START)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by
