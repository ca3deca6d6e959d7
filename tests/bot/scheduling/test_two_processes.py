"""Two `touchpoint-bot run` processes on one database: each due reminder fires exactly once."""

import re
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.scheduling.clock import as_utc
from storage.db import UnitOfWork, build_engine
from storage.models import Reminder
from storage.repositories import Maps
from tests.support.bidi import bare
from tests.support.fake_slack import ALICE, BOT_TOKEN, TEAM_ID, WORKSHOP_CHANNEL
from tests.support.process import BotProcess, start_bot
from tests.support.slack_driver import SIGNING_SECRET

MAPS = 20
FIRED = re.compile(r"Fired reminder (\d+) ")


def _due_reminders(database_url: str, now: datetime) -> None:
    """MAPS maps in the channel, each with a daily reminder that fell due a minute ago."""
    engine = build_engine(database_url)
    with UnitOfWork(engine)() as session:
        for n in range(MAPS):
            found = Maps(session, TEAM_ID).add(
                channel_id=WORKSHOP_CHANNEL, title=f"Map {n:02d}", language="en", created_by=ALICE
            )
            session.add(
                Reminder(
                    team_id=TEAM_ID,
                    map_id=found.id,
                    schedule="every day 09:00",
                    timezone="UTC",
                    created_by=ALICE,
                    next_fire_at=now - timedelta(minutes=1),
                )
            )
    engine.dispose()


def _start_together(directories: list[Path], **settings: str) -> list[BotProcess]:
    """Start a bot in each directory at the same time, and wait until all of them answer."""
    started: list[BotProcess | Exception] = [RuntimeError("not started")] * len(directories)

    def start(index: int) -> None:
        try:
            started[index] = start_bot(directories[index], **settings)
        except Exception as error:
            started[index] = error

    threads = [threading.Thread(target=start, args=(i,)) for i in range(len(directories))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bots = [each for each in started if isinstance(each, BotProcess)]
    if len(bots) < len(started):
        for bot in bots:
            bot.stop()
        raise next(each for each in started if isinstance(each, Exception))
    return bots


def test_two_processes_fire_each_due_reminder_once(tmp_path, database_url, fake_slack):
    now = datetime.now(UTC)  # the processes run on the real clock
    _due_reminders(database_url, now)
    directories = [tmp_path / "first", tmp_path / "second"]
    for directory in directories:
        directory.mkdir()
    bots = _start_together(
        directories,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.url,
        DATABASE_URL=database_url,
        SCHEDULER_INTERVAL="0.1",  # both processes look for due rows many times over
        SCHEDULER_BATCH="2",  # and each takes a few at a time, so they share the work
    )
    try:
        fake_slack.wait_for(
            "chat.postMessage", MAPS, timeout=90, where=lambda c: "Time to revisit" in c.args["text"]
        )
        time.sleep(1)  # ten more ticks in each process: nothing may fire again
    finally:
        logs = [bot.stop() for bot in bots]

    posts = [bare(c.args["text"]) for c in fake_slack.calls_to("chat.postMessage")]
    assert sorted(posts) == [f"Time to revisit “Map {n:02d}”" for n in range(MAPS)]
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == MAPS
    fired = [FIRED.findall(log) for log in logs]
    assert all(fired), "each process fired some of the reminders"
    assert sorted(int(i) for each in fired for i in each) == list(range(1, MAPS + 1))
    assert [log for log in logs if "Traceback" in log] == []  # shows the log that holds one

    engine = build_engine(database_url)
    with UnitOfWork(engine)() as session:
        reminders = session.scalars(select(Reminder)).all()
    engine.dispose()
    for reminder in reminders:
        assert as_utc(reminder.last_fired_at) == now - timedelta(minutes=1)
        following = as_utc(reminder.next_fire_at)  # the next 09:00 UTC
        assert (following.time(), now < following <= now + timedelta(days=1)) == (
            datetime.min.time().replace(hour=9),
            True,
        )
        assert (reminder.attempts, reminder.firing_at) == (0, None)
