"""Slack's answers about people and channels, kept for every instance of the bot (`SlackAnswer`)."""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.base import table
from storage.models import SlackAnswer
from storage.repositories import TeamScoped


class SlackAnswers(TeamScoped):
    def fresh(self, keys: Iterable[str], since: datetime) -> dict[str, tuple[datetime, Any]]:
        """The answers kept under `keys` that were fetched at `since` or later: key -> (when, value)."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        rows = self.session.execute(
            select(SlackAnswer.key, SlackAnswer.fetched_at, SlackAnswer.value).where(
                SlackAnswer.team_id == self.team_id,
                SlackAnswer.key.in_(wanted),
                SlackAnswer.fetched_at >= since,
            )
        )
        return {key: (fetched_at, value) for key, fetched_at, value in rows}

    def keep(self, answers: dict[str, Any], fetched_at: datetime) -> None:
        """Keep each answer (key -> value) as fetched at `fetched_at`, replacing an older one."""
        if not answers:
            return
        dialect = self.session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table(SlackAnswer))
        rows = [
            {"team_id": self.team_id, "key": key, "value": value, "fetched_at": fetched_at}
            for key, value in sorted(answers.items())
        ]
        self.session.execute(
            insert.on_conflict_do_update(
                index_elements=["team_id", "key"],
                set_={"value": insert.excluded.value, "fetched_at": insert.excluded.fetched_at},
                where=table(SlackAnswer).c.fetched_at < insert.excluded.fetched_at,
            ),
            rows,
        )

    def amend(self, key: str, change: Callable[[Any], Any]) -> None:
        """Change the answer kept under `key` (when one is) as it stands now; it keeps its age."""
        query = select(SlackAnswer).where(SlackAnswer.team_id == self.team_id, SlackAnswer.key == key)
        found = self.session.scalars(query.with_for_update()).first()
        if found is not None:
            found.value = change(found.value)

    def claim(self, key: str, now: datetime, taken_before: datetime) -> bool:
        """Claim the asking of `key` for this instance: True unless another instance claimed it at
        `taken_before` or later (a claim older than that has run out, and is taken over)."""
        dialect = self.session.get_bind().dialect.name
        answers = table(SlackAnswer)
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(answers)
        claimed = self.session.execute(
            insert.values(team_id=self.team_id, key=_ASKING + key, value={}, fetched_at=now)
            .on_conflict_do_update(
                index_elements=["team_id", "key"],
                set_={"fetched_at": insert.excluded.fetched_at},
                where=answers.c.fetched_at < taken_before,
            )
            .returning(answers.c.key)
        )
        return claimed.first() is not None

    def release(self, key: str) -> None:
        self.session.execute(
            delete(SlackAnswer).where(SlackAnswer.team_id == self.team_id, SlackAnswer.key == _ASKING + key)
        )


_ASKING = "asking:"  # the key of an instance's claim to ask Slack for the answer under the rest
