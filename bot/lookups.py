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
        with self._lock:
            flight = self._flights.get(key)
            leading = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
        if not leading:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value  # type: ignore[return-value]
        try:
            flight.value = call()
            return flight.value
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                del self._flights[key]
            flight.done.set()


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


def _epoch(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
