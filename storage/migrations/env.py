"""Alembic environment: runs migrations online against the configured URL."""

from alembic import context
from sqlalchemy import text

from storage import models  # noqa: F401  (registers the tables on the metadata)
from storage.base import Base
from storage.db import build_engine

config = context.config
# One migration at a time per schema, held until the migrations' transaction ends.
MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtext('touchpoint-migrations:' || current_schema()))"


def run_migrations_online() -> None:
    engine = build_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,  # SQLite alters tables by copying them
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Instances that start together take turns; the later ones find the schema up to date.
                connection.execute(text(MIGRATION_LOCK))
            context.run_migrations()
    engine.dispose()


run_migrations_online()
