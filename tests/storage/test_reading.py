"""Transactions opened for reading (forms, statuses, the board): they wait for no write, and refuse to change
anything."""

import threading

import pytest
from sqlalchemy import select

from storage.db import UnitOfWork
from storage.models import Workspace


def _teams(uow: UnitOfWork) -> list[str]:
    with uow.reading() as session:
        return list(session.scalars(select(Workspace.team_id).order_by(Workspace.team_id)))


def test_a_read_goes_on_while_a_write_is_under_way_and_sees_what_was_committed(uow):
    with uow() as session:
        session.add(Workspace(team_id="T0BEFORE01"))
    writing, finish = threading.Event(), threading.Event()

    def write() -> None:
        with uow() as session:
            session.add(Workspace(team_id="T0DURING01"))
            session.flush()  # the write holds SQLite's write lock, and PostgreSQL's row
            writing.set()
            finish.wait(10)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert writing.wait(10)
        assert _teams(uow) == ["T0BEFORE01"]  # at once, though the write has not committed
    finally:
        finish.set()
        writer.join(10)
    assert _teams(uow) == ["T0BEFORE01", "T0DURING01"]


def test_a_change_made_while_reading_is_refused_and_not_stored(uow):
    refused = pytest.raises(RuntimeError, match="opened for reading changed something")
    with refused, uow.reading() as session:
        session.add(Workspace(team_id="T0SNEAKY01"))
    assert _teams(uow) == []
