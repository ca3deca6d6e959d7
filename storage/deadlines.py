"""Step deadlines, the nudges sent before them, and who has contributed to a step."""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, select, union
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from storage.models import (
    Channel,
    Deadline,
    Improvement,
    Note,
    Nudge,
    Persona,
    Score,
    Snapshot,
    Stage,
    Touchpoint,
    Vote,
)
from storage.repositories import TeamScoped, rowcount


class Deadlines(TeamScoped):
    def of(self, map_id: int) -> Deadline | None:
        query = select(Deadline).where(Deadline.team_id == self.team_id, Deadline.map_id == map_id)
        return self.session.scalar(query)

    def set(
        self,
        map_id: int,
        *,
        step: int,
        due_at: datetime,
        timezone: str,
        advance: bool,
        user_id: str,
        next_fire_at: datetime | None,
    ) -> Deadline:
        """The map's deadline, replacing the one it had (and that one's nudges: a new deadline nudges
        afresh)."""
        self.clear(map_id)
        deadline = Deadline(
            team_id=self.team_id,
            map_id=map_id,
            step=step,
            due_at=due_at,
            timezone=timezone,
            advance=advance,
            created_by=user_id,
            next_fire_at=next_fire_at,
        )
        self.session.add(deadline)
        self.session.flush()
        return deadline

    def clear(self, map_id: int) -> bool:
        """Remove the map's deadline; False when it had none."""
        removed = self.session.execute(
            delete(Deadline).where(Deadline.team_id == self.team_id, Deadline.map_id == map_id)
        )
        self.session.flush()
        return bool(rowcount(removed))


class Nudges(TeamScoped):
    def nudged(self, deadline_id: int) -> set[str]:
        """Who already has a nudge for the deadline, sent or waiting."""
        query = select(Nudge.user_id).where(Nudge.team_id == self.team_id, Nudge.deadline_id == deadline_id)
        return set(self.session.scalars(query))

    def add(self, deadline: Deadline, user_id: str, timezone: str, send_at: datetime) -> bool:
        """A nudge for `user_id`, to send at `send_at`; False when they already have one for the deadline
        (another process added it first)."""
        try:
            with self.session.begin_nested():
                self.session.add(
                    Nudge(
                        team_id=self.team_id,
                        map_id=deadline.map_id,
                        deadline_id=deadline.id,
                        user_id=user_id,
                        timezone=timezone,
                        next_fire_at=send_at,
                    )
                )
        except IntegrityError:
            return False
        return True


class StepContributors(TeamScoped):
    def of(self, map_id: int, step: int) -> set[str]:
        """Everyone who has added something to the map's step `step`, in one statement: stages and channels
        (1), touchpoints and personas (2), notes, scores and votes (3), improvements and snapshots (4)."""
        team = self.team_id
        on_map = select(Touchpoint.id).where(Touchpoint.team_id == team, Touchpoint.map_id == map_id)

        def by_map(column: InstrumentedAttribute[str], model: Any) -> Select:
            return select(column.label("user")).where(model.team_id == team, model.map_id == map_id)

        def by_touchpoint(column: InstrumentedAttribute[str], model: Any) -> Select:
            return select(column.label("user")).where(model.team_id == team, model.touchpoint_id.in_(on_map))

        parts = {
            1: [by_map(Stage.created_by, Stage), by_map(Channel.created_by, Channel)],
            2: [by_map(Touchpoint.created_by, Touchpoint), by_map(Persona.created_by, Persona)],
            3: [
                by_touchpoint(Note.author_id, Note),
                by_touchpoint(Score.user_id, Score),
                by_map(Vote.user_id, Vote),
            ],
            4: [by_map(Improvement.created_by, Improvement), by_map(Snapshot.created_by, Snapshot)],
        }[step]
        return {user for user in self.session.scalars(union(*parts)) if user}
