"""A map's board, the message the bot keeps up to date in its channel: what it shows (`Board`, a notice),
and how often it may change (`BoardLocks`: one refresh of a board at a time, within Slack's budget)."""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from storage.repositories import MapCounts

logger = logging.getLogger(__name__)

# Seconds between two updates of one board from one process: a burst of changes makes two updates, not
# one each (chat.update is rate limited, and every update reads the board).
BOARD_INTERVAL = 0.5
# chat.update is a Tier 3 method: about 50 calls a minute per workspace, with bursts. A workspace's board
# updates from one process spend this budget: a burst of BOARD_BURST, then one per BOARD_REFILL seconds.
BOARD_BURST = 20
BOARD_REFILL = 1.2
# Threads that refresh boards in the background, most of them waiting for their map's turn.
BOARD_THREADS = 16
# After a refresh Slack failed (an outage, errors past the client's retries), the board is tried again
# this many seconds later, doubling, this many times: it comes true without waiting for the next change.
CATCH_UP_SECONDS, CATCH_UP_TRIES = 2.0, 7


@dataclass(frozen=True)
class Board:
    map_id: int
    title: str
    language: str
    step: int
    blind: bool
    facilitators: list[str]
    contributors: list[str]
    counts: MapCounts
    picture_file_id: str | None = None  # the map's picture last shared in the channel


class TeamBudget:
    """A token bucket per workspace: `burst` calls at once, then one more every `refill` seconds."""

    def __init__(self, burst: int, refill: float) -> None:
        self.burst, self.refill = burst, refill
        self._state: dict[str, tuple[float, float]] = {}  # team -> (tokens, when counted)
        self._guard = threading.Lock()

    def reserve(self, team_id: str) -> float:
        """Take the team's next call; returns how many seconds to wait before making it."""
        with self._guard:
            now = time.monotonic()
            tokens, counted = self._state.get(team_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - counted) / self.refill) - 1
            self._state[team_id] = (tokens, now)
        return max(0.0, -tokens * self.refill)


class BoardLocks:
    """Per map, shared by the services of one app: refreshes of a board run one at a time, at most one
    waits behind the running one, updates of a board are BOARD_INTERVAL apart, and a workspace's updates
    stay within its chat.update budget; and the threads that refresh boards in the background. (Which
    version a board shows, and which instance may update it, is kept in the database: storage/boards.py.)"""

    def __init__(self, interval: float = BOARD_INTERVAL) -> None:
        self.interval = interval
        self.background = ThreadPoolExecutor(BOARD_THREADS, thread_name_prefix="touchpoint-board")
        self._closing = threading.Event()
        self.budget = TeamBudget(BOARD_BURST, BOARD_REFILL)
        self._locks: dict[tuple[str, int], threading.Lock] = {}
        self._waiting: set[tuple[str, int]] = set()
        self._catching_up: set[tuple[str, int]] = set()
        self._sent_at: dict[tuple[str, int], float] = {}
        self._guard = threading.Lock()

    @contextmanager
    def turn(self, team_id: str, map_id: int) -> Iterator[bool]:
        """The map's turn to refresh: True once the refresh before it is done and the interval since the
        last update has passed; False at once when a refresh is waiting already (it reads the board after
        this change was committed, so it shows it), or when the process stops. A burst of changes thus
        makes two updates."""
        key = (team_id, map_id)
        with self._guard:
            if key in self._waiting:
                yield False
                return
            self._waiting.add(key)
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            interval = max(0.0, self._sent_at.get(key, -self.interval) + self.interval - time.monotonic())
            closing = self._closing.wait(interval) or self._closing.wait(self.budget.reserve(team_id))
            with self._guard:
                self._waiting.discard(key)
            yield not closing

    def pause(self, seconds: float) -> bool:
        """Wait `seconds`; True at once when the process stops."""
        return self._closing.wait(seconds)

    def later(self, work: Callable[..., None], *args: object) -> None:
        """Run `work(*args)` on the background threads, unless the process is stopping (then the
        board catches up with its map's next change)."""
        try:
            self.background.submit(work, *args)
        except RuntimeError:  # shut down already
            logger.info("Stopping: a board refresh was dropped")

    def catch_up(self, refresh: Callable[[str, int], bool], team_id: str, map_id: int) -> None:
        """Run `refresh(team_id, map_id)` in the background after CATCH_UP_SECONDS, and again, waiting
        twice as long each time, until it returns True (CATCH_UP_TRIES times at most); one such chain per
        map at a time."""
        key = (team_id, map_id)
        with self._guard:
            if key in self._catching_up:
                return
            self._catching_up.add(key)

        def chain() -> None:
            delay = CATCH_UP_SECONDS
            try:
                for _ in range(CATCH_UP_TRIES):
                    if self._closing.wait(delay) or refresh(team_id, map_id):
                        return
                    delay *= 2
                logger.warning("the board of map %s could not be brought up to date", map_id)
            finally:
                with self._guard:
                    self._catching_up.discard(key)

        threading.Thread(target=chain, name="touchpoint-board-catch-up", daemon=True).start()

    def close(self, wait: bool = False) -> None:
        """As the process stops: refreshes waiting for their turn give up, queued ones are dropped; with
        `wait`, the ones under way are waited for."""
        self._closing.set()
        self.background.shutdown(wait=wait, cancel_futures=True)

    @contextmanager
    def exclusive(self, team_id: str, map_id: int) -> Iterator[None]:
        """Hold the map's board while its message is changed by something other than a refresh (its
        deletion): a refresh in progress finishes first, and none starts meanwhile."""
        with self._guard:
            lock = self._locks.setdefault((team_id, map_id), threading.Lock())
        with lock:
            yield

    def sent(self, team_id: str, map_id: int) -> None:
        self._sent_at[(team_id, map_id)] = time.monotonic()
