"""Engines and the unit of work: one transaction per Slack request."""

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


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


class UnitOfWork:
    """Hands out sessions that commit together or roll back together."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
        # SQLite runs one transaction at a time (BEGIN IMMEDIATE, above) and makes the others poll for
        # its lock with growing sleeps; queuing this process's transactions here instead hands the lock
        # over as soon as it is free (under load, acks wait milliseconds rather than up to 100 ms naps).
        self._one_at_a_time: AbstractContextManager = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )

    @contextmanager
    def __call__(self) -> Iterator[Session]:
        with self._one_at_a_time, self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads (it must not write): it waits for no write to finish."""
        with self._readers.begin() as session:
            yield session
