"""Slack installations (OAuth), kept by slack_sdk's SQLAlchemy stores in the project database.

The stores' tables are declared here, on the models' metadata, so our Alembic migrations create them (the
stores' `create_tables` is never called). Tokens are sealed before they are written and opened after they
are read (storage/cipher.py); a sealed token is longer than Slack's, so those columns are Text.
"""

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from logging import Logger, getLogger
from typing import TypeVar

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, Text, func, select, update

from storage.base import Base
from storage.cipher import TokenCipher

TOKENS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")

INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(Base.metadata, "slack_installations")
BOTS = SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, "slack_oauth_states")
for _table in (INSTALLATIONS, BOTS):
    for _column in _table.columns:
        if _column.name in TOKENS:
            _column.type = Text()

Stored = TypeVar("Stored", Installation, Bot)


def _with_tokens(stored: Stored, change) -> Stored:
    """A copy of `stored` with each of its tokens passed through `change`."""
    changed = copy.copy(stored)
    for name in TOKENS:
        if hasattr(changed, name):
            setattr(changed, name, change(getattr(changed, name)))
    return changed


class SealedInstallationStore(InstallationStore):
    """slack_sdk's SQLAlchemy installation store, with every token sealed at rest."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        self.client_id = client_id
        self.engine = engine
        self.cipher = cipher
        self._rows = SQLAlchemyInstallationStore(
            client_id, engine, bots_table_name=BOTS.name, installations_table_name=INSTALLATIONS.name
        )

    @property
    def logger(self) -> Logger:
        return getLogger(__name__)

    def save(self, installation: Installation) -> None:
        self._rows.save(_with_tokens(installation, self.cipher.seal))

    def save_bot(self, bot: Bot) -> None:
        self._rows.save_bot(_with_tokens(bot, self.cipher.seal))

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        found = self._rows.find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        return None if found is None else _with_tokens(found, self.cipher.open)

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self._rows.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return None if found is None else _with_tokens(found, self.cipher.open)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self._rows.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self._rows.delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    def reseal_all(self) -> int:
        """Seal every stored token again with the first key (after a new key was put first); returns how
        many tokens were resealed. One transaction: all or nothing."""
        count = 0
        with self.engine.begin() as connection:
            for table in (INSTALLATIONS, BOTS):
                columns = [c for c in table.columns if c.name in TOKENS]
                for row in connection.execute(select(table.c.id, *columns)).mappings():
                    changed = {c.name: self.cipher.reseal(row[c.name]) for c in columns if row[c.name]}
                    if changed:
                        connection.execute(update(table).where(table.c.id == row["id"]).values(changed))
                        count += len(changed)
        return count


def state_store(engine: Engine, expiration_seconds: int = 600) -> SQLAlchemyOAuthStateStore:
    """The OAuth `state` parameter's store: each state is issued once and consumed once, within 10 minutes."""
    return SQLAlchemyOAuthStateStore(expiration_seconds, engine, table_name=OAUTH_STATES.name)


_local_locks: dict[str, threading.Lock] = {}
_local_locks_guard = threading.Lock()


@contextmanager
def held_alone(engine: Engine, name: str) -> Iterator[None]:
    """Run the block in one thread of one process at a time: a lock in this process, and on PostgreSQL an
    advisory lock too, so instances sharing the database take turns (SQLite serves one instance)."""
    with _local_locks_guard:
        local = _local_locks.setdefault(name, threading.Lock())
    with local:
        if engine.dialect.name != "postgresql":
            yield
            return
        key = func.hashtext(func.concat(func.current_schema(), f":{name}"))  # schemas: one per test run
        with engine.connect() as connection:
            connection.execute(select(func.pg_advisory_lock(key)))
            try:
                yield
            finally:
                connection.execute(select(func.pg_advisory_unlock(key)))
                connection.commit()
