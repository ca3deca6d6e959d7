"""Slack's answers about people and channels, asked once: concurrent misses of one key in a process wait
on one call (`SingleFlight`), and the answers are kept in the database a while, for every instance of the
bot (`SharedAnswers`, over storage/lookups.py). A failed lookup is never kept there."""

import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from storage.db import UnitOfWork
from storage.lookups import SlackAnswers

logger = logging.getLogger(__name__)

T = TypeVar("T")


class _Flight(Generic[T]):
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.done = threading.Event()
        self.value: T | None = None
        self.error: BaseException | None = None


class SingleFlight:
    """Concurrent calls for one key make one call: the first caller makes it, the others wait for its
    answer (or its error) instead of making their own."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[Hashable, _Flight[Any]] = {}

    def do(self, key: Hashable, call: Callable[[], T]) -> T:
        flight, leading = self._join(key)
        if leading:
            self._lead(key, flight, call)
        else:
            flight.done.wait()
        if flight.error is not None:
            raise flight.error
        return flight.value  # type: ignore[return-value]

    def in_background(
        self, key: Hashable, call: Callable[[], object], name: str
    ) -> tuple[threading.Event, float]:
        """Make the call for `key` on a thread of its own, unless one is under way: its done event, and
        when it started (monotonic seconds), for callers that wait for it a while at most."""
        flight, leading = self._join(key)
        if leading:

            def lead() -> None:
                try:
                    self._lead(key, flight, call)
                except Exception:
                    logger.warning("%s failed", name, exc_info=True)

            threading.Thread(target=lead, name=name, daemon=True).start()
        return flight.done, flight.started

    def _join(self, key: Hashable) -> tuple[_Flight[Any], bool]:
        """The flight under way for `key`, or a new one; whether the caller leads it."""
        with self._lock:
            flight = self._flights.get(key)
            if flight is not None:
                return flight, False
            flight = self._flights[key] = _Flight()
            return flight, True

    def _lead(self, key: Hashable, flight: _Flight[T], call: Callable[[], T]) -> None:
        try:
            flight.value = call()
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                del self._flights[key]
            flight.done.set()


CLAIM_SECONDS = 5.0  # how long an instance's claim to ask Slack for an answer holds the others back
POLL_SECONDS = 0.02  # how often an instance waiting for another's answer looks for it


class SharedAnswers:
    """Slack's answers kept in the database, where every instance finds them. Best effort: a database
    that can't give or keep an answer costs a call to Slack, never a failed request."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def fresh(self, team_id: str, keys: Iterable[str], max_age: float) -> dict[str, tuple[float, Any]]:
        """The answers under `keys` fetched less than `max_age` seconds ago: key -> (when, as epoch
        seconds; the answer)."""
        wanted = list(keys)
        if not wanted:
            return {}
        since = datetime.fromtimestamp(time.time() - max_age, UTC)
        try:
            with self.uow.reading() as session:
                found = SlackAnswers(session, team_id).fresh(wanted, since)
        except Exception:
            logger.warning("could not read Slack's kept answers", exc_info=True)
            return {}
        return {key: (_epoch(when), value) for key, (when, value) in found.items()}

    def keep(self, team_id: str, answers: dict[str, Any], when: float) -> None:
        """Keep `answers` (key -> answer), as Slack gave them at `when` (epoch seconds)."""
        if not answers or self.uow.writing():  # inside a write transaction: it would wait for itself
            return
        try:
            with self.uow() as session:
                SlackAnswers(session, team_id).keep(answers, datetime.fromtimestamp(when, UTC))
        except Exception:
            logger.warning("could not keep Slack's answers", exc_info=True)

    def amend(self, team_id: str, key: str, change: Callable[[Any], Any]) -> None:
        """Change the answer kept under `key`, if one is (a channel's members, as Slack says who joined)."""
        if self.uow.writing():
            return
        try:
            with self.uow() as session:
                SlackAnswers(session, team_id).amend(key, change)
        except Exception:
            logger.warning("could not change the answer to %s", key, exc_info=True)

    def ask_once(
        self, team_id: str, key: str, max_age: float, ask: Callable[[], Any | None]
    ) -> tuple[float, Any | None]:
        """The answer under `key` fetched less than `max_age` seconds ago, with when (epoch seconds): kept
        by any instance; else `ask()`ed here when this instance claims the asking; else waited for while
        another instance asks (asked here after all once its claim runs out, or it gives up). `ask()`
        answers None when Slack couldn't say: then nothing is kept."""
        if self.uow.writing():  # inside a write transaction: it would wait for itself
            return time.time(), ask()
        give_up = time.monotonic() + CLAIM_SECONDS
        while True:
            kept, claimed = self._kept_or_claimed(team_id, key, max_age)
            if kept is not None:
                return kept
            if claimed or time.monotonic() > give_up:
                break
            time.sleep(POLL_SECONDS)
        when, answer = time.time(), None
        try:
            answer = ask()
            return when, answer
        finally:
            self._settle(team_id, key, answer, when)

    def _kept_or_claimed(
        self, team_id: str, key: str, max_age: float
    ) -> tuple[tuple[float, Any] | None, bool]:
        """In one transaction: the kept answer, else whether this instance now has the asking of it."""
        now = time.time()
        try:
            with self.uow() as session:
                answers = SlackAnswers(session, team_id)
                claimed = answers.claim(key, _moment(now), _moment(now - CLAIM_SECONDS))
                # read after the claim: an answer kept as another claim ended is seen
                found = answers.fresh([key], _moment(now - max_age)).get(key)
                if found is None:
                    return None, claimed
                if claimed:
                    answers.release(key)
                return (_epoch(found[0]), found[1]), False
        except Exception:
            logger.warning("could not claim the asking of %s", key, exc_info=True)
            return None, True  # asked here: the database can't help

    def _settle(self, team_id: str, key: str, answer: Any | None, when: float) -> None:
        """Keep the answer (if Slack gave one) and end the claim, together: nobody asks in between."""
        try:
            with self.uow() as session:
                answers = SlackAnswers(session, team_id)
                if answer is not None:
                    answers.keep({key: answer}, _moment(when))
                answers.release(key)
        except Exception:
            logger.warning("could not keep the answer to %s", key, exc_info=True)


def _moment(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _epoch(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
