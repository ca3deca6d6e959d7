"""Speed of the main handlers' core on a map of 30 stages × 10 channels × 2,000 touchpoints and 10,000 notes.

    python -m benchmarks.size [--repeat 30] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

Target (issue 9): the board update and `status` under 100 ms. Each use case runs through the workshop
core as the handlers call it, against the fake Slack on loopback (so a board update includes its
chat.update call); SQLite by default, or a fresh schema on the PostgreSQL server given. The statements
column counts the SQL statements one call runs: tests/handlers/test_map_size.py checks it does not grow
with the map.
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event

from bot.blocks.board import board_message
from bot.gateway import SlackGateway, build_client
from bot.i18n import translator
from bot.slack_chat import SlackChat
from bot.workshop.board import BoardLocks
from bot.workshop.core import Workshop
from bot.workshop.service import Actor
from bot.workshop.touchpoints import Draft
from storage.db import UnitOfWork, build_engine
from storage.migrate import upgrade
from storage.repositories import Channels, Stages
from tests.support.big_map import BIG, fill
from tests.support.database import postgres_schema
from tests.support.fake_slack import ALICE, BOB, BOT_TOKEN, TEAM_ID, WORKSHOP_CHANNEL, FakeSlack

TARGET_MS = 100


@contextmanager
def database(postgres: str | None) -> Iterator[str]:
    if postgres:
        with postgres_schema(postgres) as url:
            yield url
    else:
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'size.sqlite3'}"


def timed(run: Callable[[], object], repeat: int, engine: Engine) -> tuple[list[float], int]:
    """Milliseconds of each of `repeat` calls (after one to warm up), and the statements one call runs."""
    counted = [0]

    def count(*_: object) -> None:
        counted[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    run()
    event.remove(engine, "before_cursor_execute", count)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return times, counted[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (default: a SQLite file)")
    args = parser.parse_args()

    fake = FakeSlack().start()
    with database(args.postgres) as url:
        upgrade(url)
        engine = build_engine(url)
        core = Workshop.build(
            UnitOfWork(engine),
            SlackChat(SlackGateway(build_client(BOT_TOKEN, fake.url), lambda _team: BOT_TOKEN)),
        )
        alice, bob = Actor(TEAM_ID, ALICE, WORKSHOP_CHANNEL), Actor(TEAM_ID, BOB, WORKSHOP_CHANNEL)
        map_id = core.maps.start(alice, "A big journey", request_key="bench:new")
        assert map_id is not None
        started = time.perf_counter()
        with core.uow() as session:
            touchpoints = fill(session, map_id, BIG)
            stage, channel = (items(session, TEAM_ID).all(map_id)[0].id for items in (Stages, Channels))
        print(
            f"{BIG.stages} stages × {BIG.channels} channels, {BIG.touchpoints:,} touchpoints, "
            f"{BIG.notes:,} notes on {engine.dialect.name} (filled in {time.perf_counter() - started:.1f} s)"
        )
        added = iter(range(10**6))

        def board_update() -> None:
            # The pacing of one board's updates (BOARD_INTERVAL, the workspace's chat.update budget) is
            # waiting on purpose, not work: each update is timed as the first after a quiet spell, with
            # nothing shown yet (as if the map had changed since).
            core.flow.board_locks = BoardLocks()
            core.flow.refresh_board(TEAM_ID, map_id)

        def status() -> None:
            board = core.flow.status(bob)
            board_message(board, translator(board.language))

        def vote() -> None:  # Bob's vote on the last touchpoint, cast and taken back in turn
            n = next(added)
            core.analysis.analyse(
                bob,
                map_id,
                touchpoints[-1],
                positive="",
                negative="Slow",
                score=-1,
                vote=n % 2 == 0,
                request_key=f"bench:vote:{n}",
            )

        cases: list[tuple[str, Callable[[], object], float | None]] = [
            ("board update", board_update, TARGET_MS),
            ("status", status, TARGET_MS),
            (
                "add touchpoint",
                lambda: core.touchpoints.add(
                    bob, map_id, Draft(stage, channel, f"New {next(added)}"), f"bench:add:{next(added)}"
                ),
                None,
            ),
            ("analyse modal", lambda: core.analysis.form(bob, map_id, touchpoints[-1]), None),
            ("vote", vote, None),
            # The *Analyse* modal's ack when *Then analyse the next touchpoint* is ticked: the next form.
            ("next form", lambda: core.analysis.next_form(bob, map_id, touchpoints[0]), None),
            ("home", lambda: core.home.maps_of(TEAM_ID, ALICE), None),
        ]
        print(f"{'use case':<16}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'statements':>12}  target")
        for name, run, target in cases:
            times, statements = timed(run, args.repeat, engine)
            p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
            verdict = "" if target is None else f"< {target:.0f} ms " + ("ok" if p95 < target else "MISSED")
            print(
                f"{name:<16}{statistics.median(times):>9.1f}{p95:>9.1f}{max(times):>9.1f}"
                f"{statements:>12}  {verdict}"
            )
        engine.dispose()
    fake.stop()


if __name__ == "__main__":
    main()
