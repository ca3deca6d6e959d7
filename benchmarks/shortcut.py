"""The message shortcut *Add to touchpoint map* for a person in many maps, with Slack answering slowly.

    python -m benchmarks.shortcut [--maps 1,25,100] [--members 1500] [--page-seconds 0.3] [--runs 3]
        [--big-channel 10000]

A trigger_id lives 3 s. The person uses the shortcut on a message in a channel with no map: the bot must
check which of their maps' channels they are in, each check paging `conversations.members` (1,000 a page;
`--members` per channel, so two pages at 1,500), and the stand-in answers each page after
`--page-seconds`. Reported: the time from the shortcut's request to `views.open` (the only call the
trigger limits: the form itself if made within handlers/modals.py's FORM_BUDGET, else a waiting modal) and
to the form (that call, or the `views.update` that replaced the waiting modal), and whether the trigger
was still good. The stand-in checks trigger ids in wall-clock time, as Slack does (3 s). Membership is not
cached between runs (each run asks Slack as a cold instance would).

Then a board button that opens a modal (*Add stage*) in a channel of `--big-channel` members (10 pages
of `conversations.members`): the form waits for the membership check, so the waiting modal opens.
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.app import build_runtime, create_app, stop_app
from storage.migrate import upgrade
from storage.models import Map
from tests.conftest import served, settings_for
from tests.support.clock import ManualClock
from tests.support.fake_slack import ALICE, TEAM_ID, FakeSlack
from tests.support.slack_driver import Reply, SlackDriver

QUOTE = {"ts": "1700000001.000200", "user": "U0CUSTOMR", "text": "Checkout keeps failing!"}
ELSEWHERE = "C0NOMAP01"  # the message's channel: no map there


def _channels(fake: FakeSlack, count: int, members: int, prefix: str = "C0BENCH") -> list[str]:
    channels = [f"{prefix}{n:03d}" for n in range(count)]
    crowd = {f"U0CROWD{n:05d}" for n in range(members - 2)}
    with fake.lock:
        for channel in channels:
            fake.workspace.add_channel(
                channel, TEAM_ID, channel.lower(), {*crowd, ALICE, fake.bot_users[TEAM_ID]}
            )
    return channels


def timed(fake: FakeSlack, act: Callable[[], Reply]) -> tuple[float, float, str | None]:
    """Seconds from `act`'s request to views.open and to the form (that same call, or the views.update
    that replaced a waiting modal), and views.open's error if any."""
    opened = len(fake.calls_to("views.open"))
    started = time.monotonic()
    reply = act()
    assert reply.status == 200, reply
    opening = fake.wait_for("views.open", opened + 1, timeout=120)[opened]
    form = fake.opened_form(opened, timeout=120)
    return opening.at - started, form.at - started, opening.error


def row(label: str, runs: list[tuple[float, float, str | None]]) -> str:
    """A line of the table: views.open and the form, p50 and max in ms, and whether the trigger was good."""
    opens, forms = [1000 * r[0] for r in runs], [1000 * r[1] for r in runs]
    errors = {r[2] for r in runs} - {None}
    return (
        f"| {label} | {statistics.median(opens):,.0f} | {max(opens):,.0f} "
        f"| {statistics.median(forms):,.0f} | {max(forms):,.0f} | {', '.join(sorted(errors)) or 'good'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--maps", default="1,25,100")
    parser.add_argument("--members", type=int, default=1500)
    parser.add_argument("--page-seconds", type=float, default=0.3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big-channel", type=int, default=10_000)
    args = parser.parse_args()

    fake = FakeSlack().start()
    fake.trigger_ttl = 3.0  # Slack's, in wall-clock time (the tests' stand-in allows a minute)
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        upgrade(url)
        settings = settings_for(url, fake)
        runtime = build_runtime(settings, ManualClock())
        runtime.gateway.membership_ttl = 0.0  # every run asks Slack, as a cold instance does
        app = create_app(settings, ManualClock(), runtime)
        driver = SlackDriver("", fake.response_url("bench"), slack=fake)
        channels = _channels(fake, max(int(n) for n in args.maps.split(",")), args.members)
        pages = -(-args.members // 1000)
        print(
            f"conversations.members: {args.page_seconds * 1000:.0f} ms a page, {pages} pages a channel; "
            f"{args.runs} runs each; milliseconds from the request"
        )
        print("| modal | maps | `views.open` p50 | max | form p50 | max | trigger |")
        print("|---|---:|---:|---:|---:|---:|---|")

        def shortcut() -> Reply:
            return driver.shortcut("tp_add_to_map", QUOTE, channel=ELSEWHERE, user=ALICE)

        try:
            with served(app) as base:
                driver.endpoint = base + "/slack/events"
                made = 0
                for count in (int(n) for n in args.maps.split(",")):
                    with runtime.workshop.uow() as session:
                        for channel in channels[made:count]:
                            session.add(
                                Map(
                                    team_id=TEAM_ID,
                                    channel_id=channel,
                                    title=f"Journey {channel}",
                                    created_by=ALICE,
                                )
                            )
                    made = max(made, count)
                    fake.delays["conversations.members"] = 0.0
                    timed(fake, shortcut)  # warm up: the first request of a process
                    fake.delays["conversations.members"] = args.page_seconds
                    print(row(f"the shortcut | {count}", [timed(fake, shortcut) for _ in range(args.runs)]))
                big = _channels(fake, 1, args.big_channel, prefix="C0BIG")[0]
                fake.delays["conversations.members"] = 0.0
                posted = len(fake.calls_to("chat.postMessage"))
                driver.command("new Big channel journey", channel=big)
                board = fake.wait_for("chat.postMessage", posted + 1)[posted].json("blocks")

                def add_stage() -> Reply:
                    return driver.click(board, "tp_add_stage", user=ALICE, channel=big)

                timed(fake, add_stage)  # warm up
                fake.delays["conversations.members"] = args.page_seconds
                runs = [timed(fake, add_stage) for _ in range(args.runs)]
                print(row(f"*Add stage*, {args.big_channel:,} members | 1", runs))
        finally:
            stop_app(app, runtime.workshop)
            fake.stop()


if __name__ == "__main__":
    main()
