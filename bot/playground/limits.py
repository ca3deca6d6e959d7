"""Slack's rate limits, and outages, as the stand-in enforces them when asked to (off by default: the
tests of what the bot says don't wait on budgets; the all-hands benchmark and the tests of pacing turn
them on).

docs.slack.dev/apis/web-api/rate-limits: limits apply "per API method per workspace per app", in tiers
of about 1, 20, 50 and 100 calls a minute, each with some burst allowed; `chat.postMessage` is special,
"one message per second per channel", short bursts allowed. A call past its budget is answered HTTP 429
with a `Retry-After` header (whole seconds) and `{"ok": false, "error": "ratelimited"}`. Slack doesn't
publish the burst sizes: here a bucket holds BURST_SHARE of a minute's calls. The tiers are the bot's
own table (bot/pacing.py), by which it paces itself.
"""

import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.pacing import BURST_SHARE, METHOD_TIERS, POST_BURST, POST_PER_SECOND, TIER_PER_MINUTE


@dataclass
class Bucket:
    """A token bucket: `capacity` calls at once, refilled at `per_second`."""

    capacity: float
    per_second: float
    tokens: float = -1.0
    at: float = 0.0

    def take(self, now: float) -> float:
        """Take a call if there is one (0.0), else the seconds until there will be (nothing taken)."""
        if self.tokens < 0:
            self.tokens, self.at = self.capacity, now
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.per_second)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.per_second


@dataclass(frozen=True)
class Refusal:
    """The answer Slack gives instead of the method's."""

    status: int
    error: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def answer(self) -> dict[str, Any]:
        return {"ok": False, "error": self.error}


class RateLimits:
    """Each workspace's budget per method (and chat.postMessage's per channel). `check` takes a call from
    the budget, or says how long to wait; `refused` counts the 429s given, by method."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        burst_share: float = BURST_SHARE,
        post_burst: float = float(POST_BURST),
    ) -> None:
        self.clock = clock
        self.burst_share = burst_share
        self.post_burst = post_burst  # 1: strictly one message a second per channel, no burst
        self.refused: Counter[str] = Counter()
        self._buckets: dict[tuple[str, ...], Bucket] = {}
        self._guard = threading.Lock()

    def _bucket(self, method: str, team: str, args: dict[str, Any]) -> tuple[tuple[str, ...], Bucket] | None:
        if method == "chat.postMessage":
            channel = str(args.get("channel") or "")
            return (method, team, channel), Bucket(self.post_burst, POST_PER_SECOND)
        tier = METHOD_TIERS.get(method)
        if tier is None:
            return None
        per_minute = TIER_PER_MINUTE[tier]
        return (method, team), Bucket(max(1.0, per_minute * self.burst_share), per_minute / 60)

    def check(self, method: str, team: str, args: dict[str, Any]) -> Refusal | None:
        """None when the call is within its budget (and counted against it), else Slack's 429."""
        found = self._bucket(method, team, args)
        if found is None:
            return None
        key, fresh = found
        with self._guard:
            wait = self._buckets.setdefault(key, fresh).take(self.clock())
            if wait <= 0:
                return None
            self.refused[method] += 1
        return Refusal(429, "ratelimited", {"Retry-After": str(max(1, math.ceil(wait)))})


class Outages:
    """Methods that answer HTTP 503 `service_unavailable` until a given time, as Slack does in an
    incident (slack_sdk retries a 503 twice, then the call fails)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._until: dict[str, float] = {}
        self.refused: Counter[str] = Counter()
        self._guard = threading.Lock()

    def start(self, method: str, seconds: float) -> None:
        with self._guard:
            self._until[method] = self.clock() + seconds

    def check(self, method: str) -> Refusal | None:
        with self._guard:
            if self.clock() >= self._until.get(method, 0.0):
                return None
            self.refused[method] += 1
        return Refusal(503, "service_unavailable")
