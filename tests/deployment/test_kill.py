"""`kill -9` of an instance right after it acked a burst of writes: every write it acknowledged is in the
database (writes are committed before the ack), and a new instance serves the same database at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from storage.db import UnitOfWork
from storage.models import Touchpoint
from tests.deployment.conftest import bot_settings, instance, say
from tests.support.process import start_bot

SENT = 80
KILL_AFTER = 25  # acks


def test_every_acknowledged_write_survives_kill_9(fake_slack, database_url, uow: UnitOfWork, tmp_path):
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    settings = bot_settings(fake_slack, database_url)
    bot = instance(start_bot(tmp_path / "first", **settings), fake_slack)
    try:
        assert bot.driver.command("new Journey").status == 200
        fake_slack.wait_for("chat.postMessage")  # its board
        say(bot, fake_slack, "stage add Visit")
        say(bot, fake_slack, "channel add Web")

        acked: list[str] = []
        enough = threading.Event()
        lock = threading.Lock()

        def add(n: int) -> None:
            title = f"Touchpoint {n}"
            try:
                reply = bot.driver.command(f"add Visit / Web / {title}")
            except OSError:
                return  # the instance was gone before it answered: not acknowledged
            if reply.status == 200:
                with lock:
                    acked.append(title)
                    if len(acked) >= KILL_AFTER:
                        enough.set()

        with ThreadPoolExecutor(8) as pool:
            for n in range(SENT):
                pool.submit(add, n)
            enough.wait(timeout=30)
            bot.process.kill()
    finally:
        bot.process.kill()  # at once, if the test failed before the burst

    with uow() as session:
        stored = list(session.scalars(select(Touchpoint.title)))
    assert len(acked) >= KILL_AFTER
    assert len(acked) < SENT, "the instance was killed only after every request: nothing was in flight"
    assert sorted(set(acked) - set(stored)) == []
    assert len(stored) == len(set(stored))

    again = instance(start_bot(tmp_path / "second", **settings), fake_slack)
    try:
        assert say(again, fake_slack, "add Visit / Web / After")["text"] == "Added “After” at Visit × Web."
    finally:
        again.process.stop()
