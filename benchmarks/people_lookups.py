"""How many times the bot asks Slack about people and a channel's members when a crowd arrives at once, and
how long each person waits for the answer: the first requests of 300 people in one 300-member channel,
three each (a command, a click, a modal), spread over a couple of seconds, on one instance of the bot and
on two sharing a database, with Slack answering users.info and conversations.members in up to 150 ms.

    python -m benchmarks.people_lookups [--people 300] [--latency 0.15] [--postgres URL]

Each variant is the gateway (bot/gateway.py) with or without the singleflight per process and the cache
shared in the database (bot/lookups.py); "neither" is the bot before them. Every request asks what a
request does: whether the person is in the channel, and their language.
"""

import argparse
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

from bot.gateway import SlackGateway, build_client
from bot.logs import configure_logging
from bot.lookups import SharedAnswers
from storage import migrate
from storage.db import UnitOfWork, build_engine
from tests.support.database import postgres_schema
from tests.support.fake_slack import BOT_TOKEN, BOT_USER_ID, TEAM_ID, FakeSlack

CHANNEL = "C0ALLHANDS"
REQUESTS_EACH = 3
WORKERS = 32  # threads serving requests, per instance
SPREAD = 2.0  # seconds over which the crowd's requests arrive

VARIANTS = {  # name: (singleflight, shared cache)
    "neither": (False, False),
    "singleflight": (True, False),
    "database": (False, True),
    "both": (True, True),
}


@contextmanager
def database(postgres: str | None) -> Iterator[str]:
    if postgres:
        with postgres_schema(postgres) as url:
            migrate.upgrade(url)
            yield url
        return
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'lookups.sqlite3'}"
        migrate.upgrade(url)
        yield url


def run(fake: FakeSlack, url: str, people: list[str], instances: int, flight: bool, shared: bool) -> dict:
    engines = [build_engine(url) for _ in range(instances)]  # an instance's own connection pool
    gateways = [
        SlackGateway(
            build_client(BOT_TOKEN, fake.url),
            lambda _team: BOT_TOKEN,
            answers=SharedAnswers(UnitOfWork(engine)) if shared else None,
            single_flight=flight,
        )
        for engine in engines
    ]
    requests = [(person, random.uniform(0, SPREAD)) for person in people for _ in range(REQUESTS_EACH)]
    requests.sort(key=lambda r: r[1])
    waits: list[float] = []
    start = time.perf_counter()

    def request(n: int, person: str, at: float) -> None:
        time.sleep(max(0.0, start + at - time.perf_counter()))
        asked = time.perf_counter()
        gateway = gateways[n % instances]  # a load balancer's round robin
        assert gateway.is_member(TEAM_ID, CHANNEL, person)
        gateway.locale(TEAM_ID, person)
        waits.append(time.perf_counter() - asked)

    before = len(fake.calls)
    pools = [ThreadPoolExecutor(WORKERS) for _ in range(instances)]
    futures = [pools[n % instances].submit(request, n, p, at) for n, (p, at) in enumerate(requests)]
    for future in futures:
        future.result()
    for pool in pools:
        pool.shutdown()
    calls = Counter(c.method for c in list(fake.calls)[before:])
    for engine in engines:
        engine.dispose()
    waits.sort()
    return {
        "users.info": calls["users.info"],
        "conversations.members": calls["conversations.members"],
        "p50": statistics.median(waits) * 1000,
        "p95": waits[int(len(waits) * 0.95)] * 1000,
        "max": waits[-1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.15, help="Slack's slowest answer, in seconds")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server, instead of a SQLite file")
    options = parser.parse_args()
    configure_logging("ERROR")
    random.seed(17)

    # The stand-in's loopback server queues 5 connections by default; Slack queues a crowd's.
    ThreadingHTTPServer.request_queue_size = 1024
    fake = FakeSlack().start()
    people = [f"U0P{n:06d}" for n in range(options.people)]
    fake.members[CHANNEL] = {*people, BOT_USER_ID}
    fake.latency = {"users.info": options.latency, "conversations.members": options.latency}
    where = "PostgreSQL" if options.postgres else "SQLite"
    print(
        f"{options.people} people × {REQUESTS_EACH} first requests over {SPREAD:.0f} s, one channel, "
        f"Slack answering in up to {options.latency * 1000:.0f} ms, {where}"
    )
    columns = ("users.info", "members", "p50 ms", "p95 ms", "max ms")
    print(f"{'instances':<10}{'variant':<14}" + "".join(f"{c:>11}" for c in columns))
    try:
        for instances in (1, 2):
            for name, (flight, shared) in VARIANTS.items():
                with database(options.postgres) as url:
                    r = run(fake, url, people, instances, flight, shared)
                print(
                    f"{instances:<10}{name:<14}{r['users.info']:>11}{r['conversations.members']:>11}"
                    f"{r['p50']:>11.1f}{r['p95']:>11.1f}{r['max']:>11.1f}"
                )
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
