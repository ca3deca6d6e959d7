"""Slack's rate limits, as the bot lives with them: it paces its own calls within each method's budget
(`Pacer`), retries a 429 after the `Retry-After` Slack asks for however many times it takes
(`PatientRateLimitHandler`), and, before an ack, never waits past the ack's budget (`answering`).

docs.slack.dev/apis/web-api/rate-limits: limits apply per method, per workspace, per app, in tiers of about
1, 20, 50 and 100 calls a minute with some burst; `chat.postMessage` about one a second per channel. Past
a budget Slack answers HTTP 429 with `Retry-After` (seconds).
"""

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryState
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.workshop.board import TeamBudget

# Calls a minute per tier (the documented floors), and the tier of each method the bot calls, from its page
# under docs.slack.dev/reference/methods/. The Slack stand-in enforces the same (bot/playground/limits.py).
TIER_PER_MINUTE = {1: 1.0, 2: 20.0, 3: 50.0, 4: 100.0}
METHOD_TIERS = {
    "chat.update": 3,
    "chat.postEphemeral": 4,
    "chat.getPermalink": 4,
    "conversations.members": 4,
    "conversations.open": 3,
    "conversations.info": 3,
    "users.info": 4,
    "views.open": 4,
    "views.push": 4,
    "views.update": 4,
    "views.publish": 4,
    "files.info": 4,
    "files.getUploadURLExternal": 4,
    "files.completeUploadExternal": 4,
}
BURST_SHARE = 0.4  # Slack allows bursts without saying how big: a budget holds this share of a minute
POST_PER_SECOND, POST_BURST = 1.0, 3  # chat.postMessage, per channel: "1 per second, short bursts"

# Methods that take a trigger_id, which "expires in 3 seconds" (docs.slack.dev/surfaces/modals): a retry
# later than that can only fail.
TRIGGERED, TRIGGER_SECONDS = ("views.open", "views.push"), 3.0
TRIGGER_MARGIN = 0.5  # seconds from the click to the bot's first call with its trigger
ACK_BUDGET = 2.5  # seconds from a request's arrival its ack may take (Slack waits 3)
PATIENCE = 120.0  # seconds of 429s after which a call made after the ack gives up (Slack is down)
RETRY_AFTER_MAX = 30  # seconds: a longer Retry-After fails the call at once (the person is told)

_ack_deadline: ContextVar[float | None] = ContextVar("ack_deadline", default=None)


def answering(budget: float = ACK_BUDGET) -> None:
    """As a request arrives, in the thread that will ack it (Bolt runs listeners after the middleware, in
    the request's thread with process_before_response): Slack calls made in this thread wait for a rate
    limit only while the ack can still go in time. Threads that work after the ack don't inherit it."""
    _ack_deadline.set(time.monotonic() + budget)


@contextmanager
def hurried(seconds: float) -> Iterator[None]:
    """Around a call whose answer is only nice to have (a person's language for a reply): it waits for
    a rate limit `seconds` at most, then fails, and the caller makes do; the thread is free again for
    what people wait on."""
    deadline, current = time.monotonic() + seconds, _ack_deadline.get()
    token = _ack_deadline.set(deadline if current is None else min(current, deadline))
    try:
        yield
    finally:
        _ack_deadline.reset(token)


def time_left() -> float | None:
    """Seconds before the ack of the request being answered must go; None after the ack (in the
    background), where a call may wait as long as Slack asks."""
    deadline = _ack_deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def slack_method(name: str) -> str:
    """The Web API method a slack_sdk client method calls: `chat_postMessage` -> `chat.postMessage`."""
    return name.replace("_", ".", 1)


class Pacer:
    """Per process: each workspace's budget per method (and chat.postMessage's per channel), spent before
    the call. `delay` reserves the call and says how long to wait for it. A method is paced once Slack
    has answered it a 429 (`limited`), for ENGAGED seconds after the last: a quiet bot calls at once, a
    busy one stops drawing 429s after its first. Board updates (chat.update) are paced by the boards
    themselves (bot/workshop/board.py); a modal's views.open can't wait (its trigger lives 3 seconds)."""

    ENGAGED = 60.0

    def __init__(self) -> None:
        self._budgets: dict[str, TeamBudget] = {}
        self._engaged: dict[str, float] = {}  # method -> until when it is paced
        self._guard = threading.Lock()

    def __deepcopy__(self, memo: dict) -> "Pacer":
        return self  # shared by the process (Bolt deep-copies the client that tells it of 429s)

    def limited(self, method: str) -> None:
        """Slack answered `method` a 429: pace it from now on, for a while."""
        with self._guard:
            self._engaged[method] = time.monotonic() + self.ENGAGED

    def delay(self, team_id: str, method: str, channel: str | None = None) -> float:
        with self._guard:
            if self._engaged.get(method, 0.0) < time.monotonic():
                return 0.0
        if method == "chat.postMessage":
            budget = self._budget(method, POST_BURST, 1 / POST_PER_SECOND)
            return budget.reserve(f"{team_id}:{channel}")
        tier = METHOD_TIERS.get(method)
        if tier is None or method in ("chat.update", "views.open", "views.push"):
            return 0.0
        per_minute = TIER_PER_MINUTE[tier]
        return self._budget(method, max(1, int(per_minute * BURST_SHARE)), 60 / per_minute).reserve(team_id)

    def _budget(self, method: str, burst: int, refill: float) -> TeamBudget:
        with self._guard:
            return self._budgets.setdefault(method, TeamBudget(burst, refill))


class PatientRateLimitHandler(RateLimitErrorRetryHandler):
    """Retries a 429 after the Retry-After Slack asks for, as often as it takes: after the ack for up to
    PATIENCE seconds in all; before an ack only while the retry still leaves time for the ack, and a
    modal's only while its trigger id lives. A single Retry-After over RETRY_AFTER_MAX is not waited for
    at all. Otherwise the call fails at once, and the person is answered."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=1000)
        self.on_limited: Callable[[str], None] = lambda _method: None  # told each 429, by method

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        method = request.url.rsplit("/", 1)[-1]
        self.on_limited(method)
        values = state.custom_values = state.custom_values or {}
        first = values.setdefault("first", time.monotonic())  # about when the call was first made
        wait = _retry_after(response)
        if wait > RETRY_AFTER_MAX:
            return False
        left = time_left()
        if method in TRIGGERED:  # its trigger id expires TRIGGER_SECONDS after the click, made before
            trigger_left = TRIGGER_SECONDS - TRIGGER_MARGIN - (time.monotonic() - first)
            left = trigger_left if left is None else min(left, trigger_left)
        if left is not None:
            return wait + 1 < left  # the retry's own answer must come in time too
        values["waited"] = values.get("waited", 0.0) + wait
        return bool(values["waited"] <= PATIENCE)

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        time.sleep(_retry_after(response) + random.random() * 0.5 if response is not None else 1.0)
        state.increment_current_attempt()


def _retry_after(response: HttpResponse) -> float:
    value = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), ["1"])
    text = value[0] if isinstance(value, list) else str(value)
    return float(text) if text.replace(".", "", 1).isdigit() else 1.0
