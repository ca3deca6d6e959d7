"""What one request costs the serving process, on one thread, with no HTTP server and no other load:
`/touchpoint add Visit / Web / …` through the whole WSGI app (signature check, Bolt, the listener, the
transaction committed before the ack), against the bare Bolt app that only acks; then the time SQLite
itself took for each statement of the bot's requests, commits aside (the rest is Python: SQLAlchemy,
Bolt, ours).

    python -m benchmarks.request_cost [--requests 1000]

Under load, each request also costs gunicorn's HTTP handling (about 0.7 ms of CPU on the development
machine), the same for both apps: see benchmarks/load.py for the two side by side over HTTP.
"""

import argparse
import io
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import Engine, event

from benchmarks.bare_app import bare_app
from bot.app import create_app
from bot.logs import configure_logging
from bot.server import EVENTS_PATH, WsgiApp, wsgi_app
from storage import migrate
from tests.conftest import served, settings_for
from tests.support.fake_slack import ALICE, BOB, BOT_TOKEN, BOT_USER_ID, CAROL, FakeSlack
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver, sign

CHANNEL = "C0COST0001"
PEOPLE = (ALICE, BOB, CAROL)


def environ(driver: SlackDriver, n: int) -> dict:
    """The WSGI environ of a signed `/touchpoint add`, as gunicorn hands it to the app."""
    form = driver.command_body(f"add Visit / Web / Touchpoint {n}", user=PEOPLE[n % 3], channel=CHANNEL)
    body, timestamp = urlencode(form).encode(), int(time.time())
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": EVENTS_PATH,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": str(timestamp),
        "HTTP_X_SLACK_SIGNATURE": sign(SIGNING_SECRET, timestamp, body),
        "wsgi.input": io.BytesIO(body),
    }


def cost(app: WsgiApp, environs: Iterable[dict]) -> tuple[float, float]:
    """Wall and CPU ms a request (CPU includes the work the bot hands to its threads meanwhile)."""
    statuses: list[str] = []
    environs = list(environs)
    wall, cpu = time.perf_counter(), time.process_time()
    for each in environs:
        b"".join(app(each, lambda status, _headers, *_: statuses.append(status)))
    assert set(statuses) == {"200 OK"}, set(statuses)
    n = len(environs)
    return (time.perf_counter() - wall) / n * 1000, (time.process_time() - cpu) / n * 1000


class StatementTimes:
    """The time the database driver took for each statement the bot ran, by statement."""

    def __init__(self) -> None:
        self.spent: dict[str, list[float]] = defaultdict(list)
        self._started: dict[int, float] = {}

    def before(self, _conn, cursor, _statement, *_args) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def after(self, _conn, cursor, statement, *_args) -> None:
        started = self._started.pop(id(cursor), None)
        if started is not None:
            self.spent[" ".join(statement.split())[:60]].append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1000)
    count = parser.parse_args().requests
    configure_logging("ERROR")  # a board that keeps changing while it is refreshed is the point here

    fake = FakeSlack().start()
    fake.members[CHANNEL] = {*PEOPLE, BOT_USER_ID}
    with tempfile.TemporaryDirectory() as directory:
        settings = settings_for(f"sqlite:///{Path(directory) / 'cost.sqlite3'}", fake, log_level="ERROR")
        migrate.upgrade(settings.database_url)
        app = create_app(settings)
        with served(app) as url:  # the map, over HTTP as Slack would make it
            driver = SlackDriver(url + EVENTS_PATH, fake.response_url("cost"), slack=fake)
            for text in ("new Cost", "stage add Visit", "channel add Web", "add Visit / Web / First"):
                assert driver.command(text, channel=CHANNEL).status == 200
        apps = {
            "bare": wsgi_app(bare_app(SIGNING_SECRET, BOT_TOKEN, fake.url), SIGNING_SECRET),
            "bot": wsgi_app(app, SIGNING_SECRET),
        }
        print(f"/touchpoint add, SQLite, one thread, {count} requests a row")
        print(f"{'app':<6}{'wall ms':>9}{'cpu ms':>9}")
        sent = 0
        for name in ("bare", "bot", "bare", "bot"):
            time.sleep(1)  # the bot's board refreshes from the last row are done
            wall, cpu = cost(apps[name], (environ(driver, sent + n) for n in range(count)))
            sent += count
            print(f"{name:<6}{wall:>9.3f}{cpu:>9.3f}")

        times = StatementTimes()
        event.listen(Engine, "before_cursor_execute", times.before)
        event.listen(Engine, "after_cursor_execute", times.after)
        cost(apps["bot"], (environ(driver, sent + n) for n in range(count)))
        time.sleep(1)
        event.remove(Engine, "before_cursor_execute", times.before)
        event.remove(Engine, "after_cursor_execute", times.after)
        print(f"\nSQLite's time a statement (with the board refreshes', without commits), {count} requests")
        print(f"{'runs':>6}{'µs each':>9}  statement")
        for statement, spent in sorted(times.spent.items(), key=lambda kv: -sum(kv[1])):
            print(f"{len(spent):>6}{1e6 * sum(spent) / len(spent):>9.1f}  {statement}")
        total = sum(sum(spent) for spent in times.spent.values())
        print(f"in all: {1000 * total / count:.3f} ms a request")
    fake.stop()


if __name__ == "__main__":
    main()
