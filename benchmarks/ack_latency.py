"""Ack latency of `/touchpoint` against the real `touchpoint-bot run` (gunicorn) on loopback.

    python -m benchmarks.ack_latency [--requests 200] [--database-url URL]

Slack wants an answer within 3 s. `help` is answered in the ack itself; `new` acks at once and creates
the map and posts the board after the ack, so both should ack in milliseconds.
"""

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.process import start_bot
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(driver: SlackDriver, text: str, requests: int, concurrency: int) -> tuple[list[float], float]:
    def one(i: int) -> float:
        reply = driver.command(text.format(i=i), channel=f"C0BENCH{i % 20:03d}")
        assert reply.status == 200, reply
        return reply.seconds

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(one, range(requests)))
    return latencies, requests / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()

    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as directory:
        url = args.database_url or f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        bot = start_bot(
            Path(directory),
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.url,
            DATABASE_URL=url,
            LOG_LEVEL="WARNING",
        )
        try:
            driver = SlackDriver(bot.base_url + "/slack/events", fake.response_url("bench"), slack=fake)
            print(f"{'command':<10}{'clients':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}")
            for text in ("help", "new Journey {i}"):
                for concurrency in (1, 10, 50):
                    latencies, throughput = measure(driver, text, args.requests, concurrency)
                    ms = [1000 * s for s in latencies]
                    print(
                        f"{text.split()[0]:<10}{concurrency:>8}{statistics.median(ms):>9.1f}"
                        f"{_percentile(ms, 0.95):>9.1f}{_percentile(ms, 0.99):>9.1f}{throughput:>8.0f}"
                    )
            posted = len(fake.wait_for("chat.postMessage", 3 * args.requests, timeout=120))
            print(f"boards posted after the acks: {posted} of {3 * args.requests}")
        finally:
            bot.stop()
            fake.stop()


if __name__ == "__main__":
    main()
