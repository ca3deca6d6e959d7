"""Repositories for touchpoints, the personas they concern, and the evidence that backs them."""

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import selectinload

from storage.base import table
from storage.models import Evidence, Persona, Polarity, Touchpoint
from storage.repositories import TeamScoped


class Personas(TeamScoped):
    def all(self, map_id: int) -> list[Persona]:
        query = select(Persona).where(Persona.team_id == self.team_id, Persona.map_id == map_id)
        return list(self.session.scalars(query.order_by(Persona.id)))

    def add(self, persona: Persona) -> None:
        self.session.add(persona)
        self.session.flush()


_INSERT = (  # built once: building it costs more than running it
    insert(table(Touchpoint))  # a Core insert: the ORM adds nothing to one row from values
    .values(
        team_id=bindparam("team"),
        map_id=bindparam("map_id"),
        stage_id=bindparam("stage"),
        channel_id=bindparam("channel"),
        title=bindparam("title"),
        created_by=bindparam("by"),
    )
    .returning(Touchpoint.id)
)

_EXISTS = select(Touchpoint.id).where(
    Touchpoint.team_id == bindparam("team"),
    Touchpoint.map_id == bindparam("map_id"),
    Touchpoint.id == bindparam("touchpoint"),
)


class Touchpoints(TeamScoped):
    def get(self, map_id: int, touchpoint_id: int) -> Touchpoint | None:
        query = select(Touchpoint).where(
            Touchpoint.team_id == self.team_id, Touchpoint.map_id == map_id, Touchpoint.id == touchpoint_id
        )
        return self.session.scalar(query.options(selectinload(Touchpoint.personas)))

    def add(self, touchpoint: Touchpoint) -> None:
        self.session.add(touchpoint)
        self.session.flush()

    def insert(self, map_id: int, stage_id: int, channel_id: int, title: str, created_by: str) -> int:
        """A touchpoint with only a title, in one statement; its id."""
        values = {"team": self.team_id, "map_id": map_id, "stage": stage_id, "channel": channel_id}
        return self.session.execute(_INSERT, {**values, "title": title, "by": created_by}).scalar_one()

    def exists(self, map_id: int, touchpoint_id: int) -> bool:
        """Whether the map has the touchpoint, without loading it."""
        values = {"team": self.team_id, "map_id": map_id, "touchpoint": touchpoint_id}
        return self.session.scalar(_EXISTS, values) is not None

    def count(self, map_id: int) -> int:
        query = select(func.count()).where(Touchpoint.team_id == self.team_id, Touchpoint.map_id == map_id)
        return self.session.scalar(query) or 0

    def search(self, map_id: int, text: str, limit: int) -> list[Touchpoint]:
        """Touchpoints whose title contains `text` (any case), newest first, at most `limit`."""
        query = select(Touchpoint).where(Touchpoint.team_id == self.team_id, Touchpoint.map_id == map_id)
        if text:
            query = query.where(func.lower(Touchpoint.title).contains(text.lower(), autoescape=True))
        return list(self.session.scalars(query.order_by(Touchpoint.id.desc()).limit(limit)))


class EvidenceLog(TeamScoped):
    def add(self, evidence: Evidence) -> bool:
        """Attach `evidence`; False when that message already backs that touchpoint."""
        exists = select(Evidence.id).where(
            Evidence.team_id == self.team_id,
            Evidence.touchpoint_id == evidence.touchpoint_id,
            Evidence.message_channel == evidence.message_channel,
            Evidence.message_ts == evidence.message_ts,
        )
        if self.session.scalar(exists) is not None:
            return False
        self.session.add(evidence)
        self.session.flush()
        return True

    def counts(self, touchpoint_id: int) -> dict[Polarity, int]:
        query = (
            select(Evidence.polarity, func.count())
            .where(Evidence.team_id == self.team_id, Evidence.touchpoint_id == touchpoint_id)
            .group_by(Evidence.polarity)
        )
        return {polarity: count for polarity, count in self.session.execute(query)}

    def links(self, touchpoint_id: int, limit: int = 10) -> list[tuple[Polarity, str]]:
        """(polarity, permalink) of the newest evidence on a touchpoint."""
        query = (
            select(Evidence.polarity, Evidence.permalink)
            .where(Evidence.team_id == self.team_id, Evidence.touchpoint_id == touchpoint_id)
            .order_by(Evidence.id.desc())
            .limit(limit)
        )
        return [(polarity, link) for polarity, link in self.session.execute(query)]
