"""The backup recipes of docs/operations.md, run as written: a map backed up, lost, and restored whole,
on SQLite and on PostgreSQL."""

import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.document.capture import capture
from storage.db import UnitOfWork, build_engine
from storage.migrate import upgrade
from storage.repositories import Maps
from tests.support.database import postgres_server
from tests.support.fake_slack import TEAM_ID
from tests.support.maps import whole_map

OPERATIONS = Path(__file__).resolve().parents[1] / "docs" / "operations.md"


def recipe(name: str) -> str:
    """The shell block of docs/operations.md that follows the paragraph naming it (`**name**`)."""
    found = re.search(rf"\*\*{re.escape(name)}\*\*.*?```sh\n(.*?)```", OPERATIONS.read_text(), re.S)
    assert found, f"no recipe {name!r} in docs/operations.md"
    return found.group(1)


def run(script: str, where: Path, **env: str) -> None:
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=where,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _a_map(url: str) -> tuple[int, dict]:
    """A whole map stored at `url`, and its document."""
    engine = build_engine(url)
    try:
        with UnitOfWork(engine)() as session:
            found = whole_map(session, "fa")
            return found.id, capture(session, TEAM_ID, found)
    finally:
        engine.dispose()


def _document(url: str, map_id: int) -> dict | None:
    engine = build_engine(url)
    try:
        with UnitOfWork(engine).reading() as session:
            found = Maps(session, TEAM_ID).get(map_id)
            return None if found is None else capture(session, TEAM_ID, found)
    finally:
        engine.dispose()


def _lose(url: str, map_id: int) -> None:
    engine = build_engine(url)
    try:
        with UnitOfWork(engine)() as session:
            Maps(session, TEAM_ID).delete(map_id)
    finally:
        engine.dispose()


def test_a_sqlite_backup_restores_the_map(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'touchpoint.sqlite3'}"
    upgrade(url)
    map_id, document = _a_map(url)

    run(recipe("Back up SQLite"), tmp_path)
    _lose(url, map_id)
    assert _document(url, map_id) is None
    run(recipe("Restore SQLite"), tmp_path)

    assert _document(url, map_id) == document


@contextmanager
def _database(server: str) -> Iterator[str]:
    """A database of its own on the test server, as a SQLAlchemy URL; dropped afterwards."""
    name = f"t_backup_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_postgresql_dump_restores_the_map(tmp_path: Path):
    server = postgres_server()
    with _database(server) as live, _database(server) as empty:
        upgrade(live)
        map_id, document = _a_map(live)

        run(recipe("Back up PostgreSQL"), tmp_path, DATABASE_URL=live)
        run(recipe("Restore PostgreSQL"), tmp_path, DATABASE_URL=empty)

        assert _document(empty, map_id) == document
