"""What makes time happen: due rows claimed once across processes, then worked on after the claim commits.

The database is the source of truth: reminders, deadlines and nudges are rows with an indexed
`next_fire_at` (storage/models.py, `Due`). Each tick claims a bounded batch of due rows in one short
transaction and leases them (their `next_fire_at` moves on by the lease), so no other process takes them;
the work (posting to Slack) runs after the commit, outside any transaction, on the scheduler's worker
threads. Then a second transaction records the outcome: done (the next fire time, `last_fired_at`),
deferred, or failed, which is retried with backoff and, when the retries run out, recorded on the row and
reported. A process that dies mid-work leaves its lease to run out; the row is then claimed again.
"""

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from bot.method.errors import SlackRefused, UserError
from bot.scheduling.clock import Clock, as_utc
from storage.db import UnitOfWork
from storage.models import Due
from storage.schedules import DueItems, stop_team_schedules

logger = logging.getLogger(__name__)

Row = TypeVar("Row", bound=Due)

ERROR_MAX = 200  # Due.last_error


@dataclass(frozen=True)
class Claim:
    """One firing of a due row, as a worker gets it: which row, and the scheduled time it fires for."""

    kind: str
    item_id: int
    team_id: str
    map_id: int
    firing_at: datetime  # aware, UTC
    attempt: int


class Job(Protocol[Row]):
    """One kind of due row (`Row`, a `Due` model), and what firing it does."""

    kind: str
    model: type[Row]

    def too_late(self, session: Session, row: Row, now: datetime) -> bool:
        """Whether a firing not yet started is too late to start at all (it is skipped, and logged)."""
        ...

    def next_after(self, session: Session, row: Row, after: datetime) -> datetime | None:
        """The row's next fire time strictly after `after`; None when it has nothing more to do."""
        ...

    def run(self, claim: Claim) -> datetime | None:
        """Fire, talking to Slack outside any transaction; a time returned puts the firing off until then."""
        ...

    def report(self, claim: Claim, error: Exception) -> None:
        """Tell the people concerned that the firing failed for good, with the last error."""
        ...


@dataclass(frozen=True)
class Policy:
    batch: int = 20  # at most this many firings in flight per process: a burst can't flood the workers
    lease: timedelta = timedelta(minutes=15)  # a claimed row is left alone this long
    retry_delays: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))


def _inline(work: Callable[[], None]) -> None:
    work()


def reason_of(error: Exception) -> str:
    """A short, loggable reason: Slack's error code, or the kind of failure."""
    if isinstance(error, SlackRefused):
        return f"slack: {error.code or 'error'}"
    if isinstance(error, UserError):
        return error.message.format(**error.params)
    return f"{type(error).__name__}: {error}"


class Dispatcher:
    """Claims due rows of each job's kind and works on them; `submit` runs the work (on the scheduler's
    worker threads in the bot, inline in tests)."""

    def __init__(
        self,
        uow: UnitOfWork,
        jobs: Sequence[Job[Any]],
        clock: Clock,
        policy: Policy | None = None,
        submit: Callable[[Callable[[], None]], object] = _inline,
    ) -> None:
        self.uow = uow
        self.jobs = {job.kind: job for job in jobs}
        self.clock = clock
        self.policy = policy or Policy()
        self.submit = submit
        self._in_flight = 0
        self._lock = threading.Lock()

    def tick(self) -> int:
        """Claim what is due now, up to the free room in the batch, and hand it to the workers; returns how
        many firings were claimed."""
        with self._lock:
            room = self.policy.batch - self._in_flight
        if room <= 0:
            return 0
        now = self.clock()
        claims: list[Claim] = []
        with self.uow() as session:
            for job in self.jobs.values():
                for row in DueItems(session, job.model).claim(now, room - len(claims)):
                    claim = self._claim(session, job, row, now)
                    if claim is not None:
                        claims.append(claim)
                if len(claims) >= room:
                    break
        with self._lock:
            self._in_flight += len(claims)
        for claim in claims:  # after the commit: the rows are ours
            self.submit(partial(self._work, claim))
        return len(claims)

    def _claim(self, session: Session, job: Job[Any], row: Due, now: datetime) -> Claim | None:
        if row.firing_at is None:  # a new firing, not a retry or a lease run out
            row.firing_at = row.next_fire_at
            assert row.firing_at is not None  # claimed because its next_fire_at came
            if job.too_late(session, row, now):
                logger.warning(
                    "Skipped %s %s of team %s: due at %s, now %s, past its grace period",
                    job.kind,
                    row.id,
                    row.team_id,
                    as_utc(row.firing_at).isoformat(),
                    now.isoformat(),
                )
                row.firing_at = None
                row.next_fire_at = job.next_after(session, row, now)
                return None
        row.attempts += 1
        row.next_fire_at = now + self.policy.lease
        assert row.firing_at is not None
        return Claim(job.kind, row.id, row.team_id, row.map_id, as_utc(row.firing_at), row.attempts)

    def _work(self, claim: Claim) -> None:
        job = self.jobs[claim.kind]
        try:
            try:
                later = job.run(claim)
            except Exception as error:
                logger.warning(
                    "%s %s failed (attempt %s)", claim.kind, claim.item_id, claim.attempt, exc_info=True
                )
                self._failed(job, claim, error)
            else:
                self._done(job, claim, later)
        except Exception:  # the database is unreachable: the lease runs out and the row is claimed again
            logger.exception("Recording the outcome of %s %s failed", claim.kind, claim.item_id)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _mine(self, session: Session, job: Job[Any], claim: Claim) -> Due | None:
        """The claimed row, unless it was changed (a new schedule, deleted) while the work ran."""
        row = DueItems(session, job.model).get(claim.item_id)
        if row is None or row.firing_at is None or as_utc(row.firing_at) != claim.firing_at:
            return None
        return row if row.attempts == claim.attempt else None

    def _done(self, job: Job[Any], claim: Claim, later: datetime | None) -> None:
        with self.uow() as session:
            row = self._mine(session, job, claim)
            if row is None:
                return
            row.attempts, row.last_error = 0, None
            row.firing_at = None
            if later is not None:
                row.next_fire_at = later
                return
            row.last_fired_at = claim.firing_at
            row.next_fire_at = job.next_after(session, row, max(claim.firing_at, self.clock()))
        logger.info(
            "Fired %s %s of team %s, due at %s",
            claim.kind,
            claim.item_id,
            claim.team_id,
            claim.firing_at.isoformat(),
        )

    def _failed(self, job: Job[Any], claim: Claim, error: Exception) -> None:
        if isinstance(error, SlackRefused) and error.install_gone:
            self._team_gone(claim, error.code)
            return
        delays, reason = self.policy.retry_delays, reason_of(error)
        with self.uow() as session:
            row = self._mine(session, job, claim)
            if row is None:
                return
            now = self.clock()
            row.last_error = reason[:ERROR_MAX]
            if claim.attempt <= len(delays):
                row.next_fire_at = now + delays[claim.attempt - 1]
                return
            row.firing_at, row.attempts = None, 0
            row.next_fire_at = job.next_after(session, row, max(claim.firing_at, now))
        logger.error(
            "%s %s of team %s failed %s times, giving up on its firing due at %s: %s",
            claim.kind,
            claim.item_id,
            claim.team_id,
            claim.attempt,
            claim.firing_at.isoformat(),
            reason,
        )
        try:
            job.report(claim, error)
        except Exception:
            logger.exception("Reporting the failure of %s %s failed too", claim.kind, claim.item_id)

    def _team_gone(self, claim: Claim, code: str) -> None:
        """Slack no longer takes the team's token: stop every schedule of the team, as an uninstall does
        (its maps and installation stay; installing again and setting the schedules anew restarts them),
        rather than retrying a call that can't succeed."""
        with self.uow() as session:
            stop_team_schedules(session, claim.team_id)
        logger.error(
            "Slack answered %s to %s %s of team %s: the team's schedules are stopped",
            code,
            claim.kind,
            claim.item_id,
            claim.team_id,
        )
