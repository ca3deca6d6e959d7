"""The import form's ack, with a CSV file near the 5 MB limit, against the real `touchpoint-bot run`.

    python -m benchmarks.import_ack [--rows 2300] [--slow 0.0]

Slack wants the ack within 3 s. The file is downloaded and read after the ack, the form saying "reading
your file…" meanwhile; this reports the ack, then the time until the preview takes its place (what the
ack used to wait for). `--slow` makes files.info answer up to that many seconds late, as a busy Slack does.
"""

import argparse
import tempfile
import time
from pathlib import Path

from bot.playground.client import Client
from tests.support.fake_slack import ALICE, BOT_TOKEN, TEAM_ID, FakeSlack
from tests.support.process import start_bot
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver


def csv_file(rows: int) -> bytes:
    """`rows` touchpoints over 30 stages and 10 channels, each with a long description (UTF-8, Persian)."""
    lines = ["Stage,Channel,Touchpoint,What happens"]
    about = "مشتری صفحهٔ پرداخت را باز می‌کند و هزینهٔ ارسال را می‌بیند. " * 20
    for i in range(rows):
        lines.append(f'Stage {i % 30},Channel {i % 10},Touchpoint {i},"{about.strip()}"')
    return ("\r\n".join(lines) + "\r\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=2300)
    parser.add_argument("--slow", type=float, default=0.0)
    args = parser.parse_args()

    fake = FakeSlack().start()
    if args.slow:
        fake.latency["files.info"] = args.slow
    with tempfile.TemporaryDirectory() as directory:
        bot = start_bot(
            Path(directory),
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.url,
            DATABASE_URL=f"sqlite:///{Path(directory) / 'bench.sqlite3'}",
            LOG_LEVEL="WARNING",
        )
        try:
            driver = SlackDriver(bot.base_url + "/slack/events", fake.response_url("bench"), slack=fake)
            driver.command("new Import bench", user=ALICE)
            fake.wait_for("chat.postMessage")
            driver.command("import", user=ALICE)
            view_id = fake.wait_for("views.open")[-1].answer["view"]["id"]
            data = csv_file(args.rows)
            given = fake.add_file("touchpoints.csv", data)

            started = time.monotonic()  # the clock the stand-in stamps its calls with
            reply = Client(fake, driver, TEAM_ID).submit(
                ALICE, view_id, {"file": {"file": {"type": "file_input", "files": [given]}}}
            )
            acked = time.monotonic() - started
            assert reply.status == 200 and reply.json()["view"]["callback_id"] == "tp_import_reading_modal"
            shown = fake.wait_for("views.update", where=lambda c: c.error is None, timeout=120)[-1]
            done = shown.at - started
            assert shown.json("view")["callback_id"] == "tp_import_preview_modal", shown.json("view")
            print(f"file: {len(data) / 1024 / 1024:.1f} MB, {args.rows} touchpoints")
            print(f"ack: {1000 * acked:.0f} ms; preview shown: {done:.2f} s after the submission")
        finally:
            bot.stop()
            fake.stop()


if __name__ == "__main__":
    main()
