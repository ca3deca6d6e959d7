"""Engines and the unit of work: one transaction per Slack request."""

import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: SQLite's own locking alone
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import keep_board_versions


def _tune_sqlite(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL syncs at checkpoints rather than at every commit: a commit survives the process
    # dying (kill -9) at once, and the machine losing power only after the next checkpoint.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


READ_ONLY = "touchpoint_read_only"  # an execution option: the transaction only reads


def _begin_sqlite(connection: Connection) -> None:
    """Take the write lock when a transaction starts: two that read and then write can't deadlock (SQLite
    would fail the second with SQLITE_BUSY_SNAPSHOT instead of waiting for it). A transaction that only
    reads takes no lock: in WAL mode it reads the last commit while a write goes on."""
    read_only = connection.get_execution_options().get(READ_ONLY)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def build_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL mode, foreign keys and a busy timeout; PostgreSQL
    connections are checked before use."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    # A connection the server dropped (a restart, a failover) is noticed before use and replaced; one
    # that drops mid-transaction fails that transaction only. A server that doesn't answer at all fails
    # a new connection after 10 s instead of hanging the request.
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


class WriterTurn:
    """Whose turn it is to write a SQLite database: this process's threads queue on a lock, and the
    processes sharing the file (gunicorn's workers, a command run beside the bot) on an exclusive `flock`
    of a file beside it.

    SQLite makes a writer that finds the database locked poll for it with growing sleeps (up to 100 ms
    each); waiting here hands the turn over the moment it is free. The wait lasts as long as the write
    before it (the kernel frees the lock of a process that dies), so it has no timeout of its own.
    """

    def __init__(self, lock_file: Path | None) -> None:
        self._threads = threading.Lock()
        self._lock_file = lock_file if fcntl is not None else None
        self._opened: tuple[int, IO[bytes]] | None = None  # (pid, file): a forked child opens its own

    def _file(self) -> IO[bytes] | None:
        if self._lock_file is None:
            return None
        if self._opened is None or self._opened[0] != os.getpid():
            self._opened = (os.getpid(), self._lock_file.open("ab"))
        return self._opened[1]

    def __enter__(self) -> None:
        self._threads.acquire()
        try:
            if (file := self._file()) is not None:
                fcntl.flock(file, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def __exit__(self, *_exc: object) -> None:
        try:
            if (file := self._file()) is not None:
                fcntl.flock(file, fcntl.LOCK_UN)
        finally:
            self._threads.release()


def _writer_turn(engine: Engine) -> AbstractContextManager:
    if engine.dialect.name != "sqlite":
        return nullcontext()  # PostgreSQL's writers wait on its row locks
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return WriterTurn(None)  # a URI or memory: threads only
    return WriterTurn(Path(database + ".lock"))


class UnitOfWork:
    """Hands out sessions that commit together or roll back together."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        keep_board_versions(self._sessions)
        self._readers = sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
        self._one_at_a_time = _writer_turn(engine)
        # This process's reads take turns too, apart from its writes: threads interleaving database calls
        # hand Python's interpreter lock over at every call (the convoy effect), and with their reads
        # taking turns the bot served twice the modal-opening clicks, on SQLite and PostgreSQL alike.
        self._one_reader = threading.RLock()  # re-entrant: a read within a read does not wait for itself
        self._writes = threading.local()  # how many write transactions this thread has open

    @contextmanager
    def __call__(self) -> Iterator[Session]:
        with self._one_at_a_time, self._sessions.begin() as session:
            self._writes.open = self.writing() + 1
            try:
                yield session
            finally:
                self._writes.open -= 1

    def writing(self) -> int:
        """How many write transactions this thread has open (a second one on SQLite would wait for itself)."""
        return getattr(self._writes, "open", 0)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads: it waits for no write to finish (it takes no write turn or row lock),
        only for this process's other reads; an ORM change made in it is refused, and rolled back."""
        with self._one_reader, self._readers.begin() as session:
            yield session
            if session.new or session.dirty or session.deleted:
                raise RuntimeError("a transaction opened for reading changed something")
