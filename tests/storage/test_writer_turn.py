"""SQLite's writers take turns across processes (gunicorn's workers, a command run beside the bot) on a lock
file beside the database, handed over the moment it is free, rather than in SQLite's sleeps."""

import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import text

from storage.db import UnitOfWork, build_engine

HOLD_A_TURN = """
import sys
from storage.db import UnitOfWork, build_engine
with UnitOfWork(build_engine(sys.argv[1]))():
    print("holding", flush=True)
    sys.stdin.readline()
"""


def _waits_for_turn(uow: UnitOfWork) -> threading.Event:
    """Starts a write in a thread of its own; the event is set once that write has its turn."""
    entered = threading.Event()

    def write() -> None:
        with uow() as session:
            session.execute(text("SELECT 1"))
            entered.set()

    threading.Thread(target=write, daemon=True).start()
    return entered


def test_a_write_waits_for_another_process_s_turn_though_it_has_not_touched_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'turns.sqlite3'}"
    engine = build_engine(url)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_TURN, url],
        cwd=Path(__file__).parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "holding\n"  # its turn, and not yet SQLite's lock
        entered = _waits_for_turn(UnitOfWork(engine))
        assert not entered.wait(0.5)
        holder.stdin.write("done\n")
        holder.stdin.flush()
        assert entered.wait(10)
        assert holder.wait(10) == 0
    finally:
        holder.kill()
        engine.dispose()
    assert (tmp_path / "turns.sqlite3.lock").exists()


def test_a_forked_process_takes_its_own_turns(tmp_path):
    """A unit of work made before a fork (the lock file already open) still shuts out the other process."""
    engine = build_engine(f"sqlite:///{tmp_path / 'forked.sqlite3'}")
    uow = UnitOfWork(engine)
    with uow() as session:
        session.execute(text("SELECT 1"))
    ready, release = os.pipe(), os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports by its exit code
        code = 1
        try:
            with uow():
                os.write(ready[1], b"x")
                os.read(release[0], 1)
            code = 0
        finally:
            os._exit(code)
    try:
        assert os.read(ready[0], 1) == b"x"
        entered = _waits_for_turn(uow)
        assert not entered.wait(0.5)
        os.write(release[1], b"x")
        assert entered.wait(10)
    finally:
        os.write(release[1], b"x")
        _, status = os.waitpid(child, 0)
        engine.dispose()
    assert os.waitstatus_to_exitcode(status) == 0
