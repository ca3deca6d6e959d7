"""How long the scheduler takes to find and claim what is due, with 10,000 maps holding schedules.

    python -m benchmarks.scheduler_tick [--maps 10000] [--ticks 50] [--batch 20] [--postgres URL]

Each map has a revisit reminder and a step deadline, and a third of them three planned nudges; a tenth of
the maps are paused (archived channels). Two situations, on SQLite and on PostgreSQL (URL from --postgres,
else TEST_DATABASE_URL; skipped without one):

- steady: fire times spread over the coming week, one map a minute: the first tick claims the few already
  due, the others find nothing;
- burst: every reminder, deadline and nudge overdue at once (the bot was down), so each tick claims a full
  batch.

A tick is the Dispatcher's claim transaction (bot/scheduling/engine.py): find the due rows of each kind,
lock and lease them, commit. The firings themselves (posting to Slack) run after it on worker threads and
are not timed here; recording each one's outcome is, separately, per firing.
"""

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.scheduling.engine import Claim, Dispatcher, Policy
from storage.db import UnitOfWork, build_engine
from storage.migrate import upgrade
from storage.models import Deadline, Due, Map, Nudge, Reminder

NOW = datetime(2025, 3, 26, 12, 0, tzinfo=UTC)


class NoWork:
    """A job of one kind that fires by doing nothing: only the scheduler's own database work is measured."""

    def __init__(self, model: type[Due]) -> None:
        self.model = model
        self.kind = model.__tablename__

    def too_late(self, session: Session, row: Due, now: datetime) -> bool:
        return False

    def next_after(self, session: Session, row: Due, after: datetime) -> datetime | None:
        return after + timedelta(days=7)

    def run(self, claim: Claim) -> None:
        return None

    def report(self, claim: Claim, error: Exception) -> None:
        pass


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fill(url: str, maps: int, due_at: Callable[[int], datetime]) -> None:
    """`maps` maps, each with a reminder and a deadline (and every third with three nudges) due at
    `due_at(n)`; every tenth map paused."""
    engine = build_engine(url)
    with UnitOfWork(engine)() as session:
        session.execute(
            insert(Map),
            [
                {
                    "team_id": f"T{n % 50:04d}",
                    "channel_id": f"C{n:06d}",
                    "title": f"Map {n}",
                    "created_by": "U1",
                    "schedules_paused": n % 10 == 0,
                }
                for n in range(maps)
            ],
        )
        ids = session.scalars(select(Map.id).order_by(Map.id)).all()
        session.execute(
            insert(Reminder),
            [
                {
                    "team_id": f"T{n % 50:04d}",
                    "map_id": map_id,
                    "schedule": "every day 09:00",
                    "created_by": "U1",
                    "next_fire_at": due_at(n),
                }
                for n, map_id in enumerate(ids)
            ],
        )
        session.execute(
            insert(Deadline),
            [
                {
                    "team_id": f"T{n % 50:04d}",
                    "map_id": map_id,
                    "step": 2,
                    "due_at": due_at(n) + timedelta(days=1),
                    "timezone": "UTC",
                    "created_by": "U1",
                    "next_fire_at": due_at(n),
                }
                for n, map_id in enumerate(ids)
            ],
        )
        deadlines = session.execute(select(Deadline.id, Deadline.map_id, Deadline.team_id)).all()
        session.execute(
            insert(Nudge),
            [
                {
                    "team_id": team,
                    "map_id": map_id,
                    "deadline_id": deadline_id,
                    "user_id": f"U{person}",
                    "timezone": "UTC",
                    "next_fire_at": due_at(map_id + person),
                }
                for deadline_id, map_id, team in deadlines
                if map_id % 3 == 0
                for person in range(3)
            ],
        )
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
    engine.dispose()


def measure(url: str, ticks: int, batch: int) -> tuple[list[float], list[float], int]:
    """Tick `ticks` times; the claim transactions' durations (ms), each firing's outcome's (ms), claims."""
    engine = build_engine(url)
    jobs = [NoWork(model) for model in (Reminder, Deadline, Nudge)]
    pending: list[Callable[[], None]] = []
    dispatcher = Dispatcher(UnitOfWork(engine), jobs, lambda: NOW, Policy(batch=batch), submit=pending.append)
    claims, outcomes = [], []
    claimed = 0
    for _ in range(ticks):
        started = time.perf_counter()
        claimed += dispatcher.tick()
        claims.append((time.perf_counter() - started) * 1000)
        for work in pending:  # the workers' part: fire (nothing) and record the outcome
            started = time.perf_counter()
            work()
            outcomes.append((time.perf_counter() - started) * 1000)
        pending.clear()
    engine.dispose()
    return claims, outcomes, claimed


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(server)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


SCENARIOS = {
    # a map's schedules fall due every minute or so over the coming week: the last few minutes' are due
    "steady": lambda n: NOW + timedelta(minutes=n - 5),
    "burst": lambda n: NOW - timedelta(minutes=1 + n % 300),
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--maps", type=int, default=10_000)
    parser.add_argument("--ticks", type=int, default=50)
    parser.add_argument("--batch", type=int, default=Policy().batch)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()

    databases = {"SQLite": sqlite_database}
    if args.postgres:
        databases["PostgreSQL"] = lambda: postgres_database(args.postgres)
    print(
        f"{args.maps} maps (a reminder and a deadline each, nudges on a third), batch {args.batch}, "
        f"{args.ticks} ticks\n"
    )
    print("| database | situation | claimed | tick p50 ms | tick p95 ms | tick max ms | outcome p50 ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, database in databases.items():
        for scenario, due_at in SCENARIOS.items():
            with database() as url:
                upgrade(url)
                fill(url, args.maps, due_at)
                claims, outcomes, claimed = measure(url, args.ticks, args.batch)
            outcome = f"{statistics.median(outcomes):.2f}" if outcomes else "–"
            print(
                f"| {name} | {scenario} | {claimed} | {statistics.median(claims):.1f} | "
                f"{_percentile(claims, 0.95):.1f} | {max(claims):.1f} | {outcome} |"
            )
    if not args.postgres:
        print("\nPostgreSQL skipped: pass --postgres URL or set TEST_DATABASE_URL.")


if __name__ == "__main__":
    main()
