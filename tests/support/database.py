"""Test databases: a SQLite file, or a fresh schema on the PostgreSQL server named by TEST_DATABASE_URL."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "TEST_DATABASE_URL"
POSTGRES_EXAMPLE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def sqlite_database(directory: Path) -> Iterator[str]:
    yield f"sqlite:///{directory / 'touchpoint-test.sqlite3'}"


def postgres_server() -> str:
    """TEST_DATABASE_URL; the test is skipped, saying why, when it is not set."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"PostgreSQL run skipped: {POSTGRES_ENV} is not set (e.g. {POSTGRES_EXAMPLE})")
    return server


@contextmanager
def postgres_database() -> Iterator[str]:
    """A schema of its own on the TEST_DATABASE_URL server, dropped afterwards; skipped without one."""
    with postgres_schema(postgres_server()) as url:
        yield url


@contextmanager
def postgres_schema(server: str) -> Iterator[str]:
    """A fresh schema on the PostgreSQL server `server`, as a URL whose connections use it; dropped after."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
