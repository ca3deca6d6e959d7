"""Ack latency and throughput under load: the real `touchpoint-bot run` against a bare Bolt app that only
acks (benchmarks/bare_app.py: the floor), side by side in one run, both served the same way (gunicorn's
gthread workers, one unless --workers says more) and driven with the same signed requests from 10, 50
and 200 concurrent clients.

    python -m benchmarks.load [--requests 400] [--workers 2] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

The requests, spread over 20 maps in 20 channels (--maps), as their people use them:
  add      `/touchpoint add Visit / Web / …`: a new touchpoint, stored before the ack
  analyse  the *Analyse* modal submitted with notes and a feeling score: stored before the ack
  button   *Add touchpoint* on the board: acked at once, the modal opened after the ack
Targets (issue 9), on the 2-core development machine: p99 under 300 ms at 50 clients, and the bot's p50
within 2× of the bare app's. The bot does its work after the ack (replies, the board, modals) while it
is measured; the fake Slack and the clients run in this process, on the same two cores.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select

from bot.blocks.ids import Action
from bot.server import EVENTS_PATH
from storage.db import UnitOfWork, build_engine
from storage.models import Map, Touchpoint
from tests.support.database import postgres_schema
from tests.support.fake_slack import ALICE, BOB, BOT_TOKEN, BOT_USER_ID, CAROL, FakeSlack
from tests.support.process import CLI, BotProcess, clean_env, free_port, wait_until_healthy
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver

CLIENTS = (10, 50, 200)
PEOPLE = (ALICE, BOB, CAROL)
P99_TARGET_MS = 300
P50_RATIO_TARGET = 2.0


def launch(command: list[str], directory: Path, name: str, **settings: str) -> BotProcess:
    port = free_port()
    log = directory / f"{name}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=Path(__file__).parent.parent,
            env=clean_env(PORT=str(port), **settings),
            stdout=output,
            stderr=output,
        )
    return wait_until_healthy(BotProcess(process, f"http://127.0.0.1:{port}", log))


@contextmanager
def database(postgres: str | None, directory: Path) -> Iterator[str]:
    if postgres:
        with postgres_schema(postgres) as url:
            yield url
    else:
        yield f"sqlite:///{directory / 'load.sqlite3'}"


def _button(action_id: str, value: str) -> list[dict]:
    element = {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text"}}
    return [{"type": "actions", "block_id": "b", "elements": [element]}]


class Workload:
    """The requests, signed for any endpoint: each call sends request number `n` to `driver`, on map
    `n % MAPS` (each in a channel of its own, as the workshops of one workspace)."""

    def __init__(self, fake: FakeSlack, bot: SlackDriver, database_url: str, maps: int) -> None:
        self.channels = [f"C0LOAD{n:04d}" for n in range(maps)]
        for channel in self.channels:
            fake.members[channel] = {*PEOPLE, BOT_USER_ID}
            assert bot.command("new Load test", channel=channel).status == 200
            for text in ("stage add Visit", "channel add Web", "add Visit / Web / First"):
                replies = len(fake.responses)
                reply = bot.command(text, channel=channel)
                assert reply.status == 200
                if not reply.body:  # confirmed after the ack, not in it
                    fake.wait_for_response(replies + 1)
        engine = build_engine(database_url)
        with UnitOfWork(engine)() as session:
            found = dict(session.execute(select(Map.channel_id, Map.id)).all())
            first = dict(
                session.execute(
                    select(Touchpoint.map_id, func.min(Touchpoint.id)).group_by(Touchpoint.map_id)
                ).all()
            )
        engine.dispose()
        self.map_ids = [found[channel] for channel in self.channels]
        self.views = []
        for channel, map_id in zip(self.channels, self.map_ids, strict=True):
            opened = len(fake.calls_to("views.open"))
            bot.click(_button(Action.ANALYSE, f"{map_id}:{first[map_id]}"), Action.ANALYSE, channel=channel)
            self.views.append(fake.wait_for("views.open", opened + 1)[-1].json("view"))

    def requests(self) -> dict[str, Callable[[SlackDriver, int], int]]:
        return {"add": self.add, "analyse": self.analyse, "button": self.button}

    def add(self, driver: SlackDriver, n: int) -> int:
        channel = self.channels[n % len(self.channels)]
        body = driver.command_body(f"add Visit / Web / Touchpoint {n}", user=PEOPLE[n % 3], channel=channel)
        return driver.post(urlencode(body).encode(), "application/x-www-form-urlencoded").status

    def analyse(self, driver: SlackDriver, n: int) -> int:
        answers = {"positive": f"Clear {n}", "negative": f"Slow {n}", "score": str(n % 5 - 2)}
        view_id = f"V{uuid.uuid4().hex[:12]}"
        view = self.views[n % len(self.views)]
        return driver.submit(view, view_id, answers, user=PEOPLE[n % 3]).status

    def button(self, driver: SlackDriver, n: int) -> int:
        which = n % len(self.channels)
        blocks = _button(Action.ADD_TOUCHPOINT, str(self.map_ids[which]))
        return driver.click(
            blocks, Action.ADD_TOUCHPOINT, user=PEOPLE[n % 3], channel=self.channels[which]
        ).status


def measure(
    send: Callable[[SlackDriver, int], int], driver: SlackDriver, requests: int, clients: int, first: int
) -> tuple[list[float], float]:
    """Latencies in ms of `requests` requests from `clients` concurrent clients, and requests per second."""

    def one(n: int) -> float:
        started = time.perf_counter()
        status = send(driver, first + n)
        assert status == 200, status
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(one, range(requests)))
    return latencies, requests / (time.perf_counter() - started)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=400, help="per request kind and client count")
    parser.add_argument("--maps", type=int, default=20, help="maps the requests are spread over")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (default: a SQLite file)")
    parser.add_argument(
        "--kinds", default="add,analyse,button", help="which requests, comma-separated (default: all three)"
    )
    parser.add_argument(
        "--clients", default=",".join(map(str, CLIENTS)), help="concurrent client counts, comma-separated"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="gunicorn worker processes of each app (WEB_CONCURRENCY)"
    )
    args = parser.parse_args()
    kinds, client_counts = args.kinds.split(","), [int(n) for n in args.clients.split(",")]

    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as name, database(args.postgres, Path(name)) as url:
        directory = Path(name)
        settings = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.url,
            "LOG_LEVEL": "WARNING",
            "WEB_CONCURRENCY": str(args.workers),
        }
        ours = launch([CLI, "run"], directory, "touchpoint-bot", DATABASE_URL=url, **settings)
        bare = launch([sys.executable, "-m", "benchmarks.bare_app"], directory, "bare", **settings)
        try:
            drivers = {
                name: SlackDriver(process.base_url + EVENTS_PATH, fake.response_url("load"), slack=fake)
                for name, process in (("bare", bare), ("bot", ours))
            }
            workload = Workload(fake, drivers["bot"], url, args.maps)
            print(
                f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; {args.workers} worker process(es) "
                f"each; {args.requests} requests a row, spread over {args.maps} maps"
            )
            print(
                f"{'request':<9}{'clients':>8}  {'app':<6}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
                f"{'req/s':>7}  {'p50 ×bare':>9}"
            )
            sent = 0
            for kind in kinds:
                send = workload.requests()[kind]
                for clients in client_counts:
                    p50s = {}
                    for app in ("bare", "bot"):
                        measure(send, drivers[app], clients, clients, 10**6 + sent)  # warm up
                        latencies, throughput = measure(send, drivers[app], args.requests, clients, sent)
                        sent += args.requests + clients
                        p50s[app] = statistics.median(latencies)
                        p99 = percentile(latencies, 0.99)
                        ratio = f"{p50s['bot'] / p50s['bare']:>8.1f}×" if app == "bot" else ""
                        p95 = percentile(latencies, 0.95)
                        print(
                            f"{kind:<9}{clients:>8}  {app:<6}{p50s[app]:>8.1f}{p95:>8.1f}"
                            f"{p99:>8.1f}{throughput:>7.0f}  {ratio}",
                            flush=True,
                        )
        finally:
            ours.stop()
            bare.stop()
            fake.stop()


if __name__ == "__main__":
    main()
