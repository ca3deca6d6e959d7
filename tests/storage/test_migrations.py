"""The Alembic chain: linear, reversible, and in step with the models, on SQLite and PostgreSQL."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage.base import Base
from storage.db import build_engine
from storage.migrate import alembic_config, downgrade, upgrade


def test_the_migration_chain_is_linear():
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1, "two heads: merge or rebase the newest migration"
    walked = list(scripts.walk_revisions())
    assert all(isinstance(s.down_revision, str | None) for s in walked), "no merge points"
    assert [s.down_revision for s in walked].count(None) == 1
    assert len({s.revision for s in walked}) == len(walked)


def test_the_migration_files_are_named_in_chain_order():
    """`NN_revXXXX_what.py`: NN the file's place in the chain, XXXX its revision id (ids are kept as
    issued: databases store them), so a listing of the folder reads in the order the chain applies."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    chain = list(reversed(list(scripts.walk_revisions())))  # base first
    names = [Path(script.path).name for script in chain]

    assert names == sorted(names)
    for place, (script, name) in enumerate(zip(chain, names, strict=True), start=1):
        assert name.startswith(f"{place:02d}_rev{script.revision}_"), name


def test_models_and_migrations_describe_the_same_schema(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migrations_go_down_and_up_again(database_url):
    downgrade(database_url, "base")
    engine = build_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(database_url)
    engine = build_engine(database_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
