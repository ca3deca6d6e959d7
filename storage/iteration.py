"""Repositories for step 4: improvements, snapshots, the revisit reminder, and a map's contents to freeze."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, ScalarSelect, delete, func, select
from sqlalchemy.orm import InstrumentedAttribute

from storage.models import (
    Channel,
    Evidence,
    Improvement,
    ImprovementStatus,
    Note,
    Persona,
    Polarity,
    Reminder,
    Score,
    Snapshot,
    Stage,
    Touchpoint,
    Vote,
    touchpoint_personas,
)
from storage.repositories import TeamScoped

DEFAULT_TIMEZONE = "UTC"


class Improvements(TeamScoped):
    def add(self, improvement: Improvement) -> None:
        self.session.add(improvement)
        self.session.flush()

    def get(self, map_id: int, improvement_id: int) -> Improvement | None:
        query = select(Improvement).where(
            Improvement.team_id == self.team_id,
            Improvement.map_id == map_id,
            Improvement.id == improvement_id,
        )
        return self.session.scalar(query)

    def count(self, map_id: int) -> int:
        query = select(func.count()).where(Improvement.team_id == self.team_id, Improvement.map_id == map_id)
        return self.session.scalar(query) or 0

    def page(self, map_id: int, offset: int, limit: int, *, open_only: bool = False) -> Sequence[Row]:
        """(id, touchpoint title, action, owner_id, status) of the map's improvements (those not done, with
        `open_only`), oldest first."""
        query = (
            select(
                Improvement.id, Touchpoint.title, Improvement.action, Improvement.owner_id, Improvement.status
            )
            .join(Touchpoint, Touchpoint.id == Improvement.touchpoint_id)
            .where(Improvement.team_id == self.team_id, Improvement.map_id == map_id, *self._open(open_only))
            .order_by(Improvement.id)
            .offset(offset)
            .limit(limit)
        )
        return self.session.execute(query).all()

    def count_open(self, map_id: int) -> int:
        query = select(func.count()).where(
            Improvement.team_id == self.team_id, Improvement.map_id == map_id, *self._open(True)
        )
        return self.session.scalar(query) or 0

    @staticmethod
    def _open(open_only: bool) -> tuple[ColumnElement[bool], ...]:
        return (Improvement.status != ImprovementStatus.DONE,) if open_only else ()


class Snapshots(TeamScoped):
    def latest_version(self, map_id: int) -> int:
        """The map's newest snapshot version; 0 before the first."""
        query = select(func.max(Snapshot.version)).where(
            Snapshot.team_id == self.team_id, Snapshot.map_id == map_id
        )
        return self.session.scalar(query) or 0

    def add(self, snapshot: Snapshot) -> None:
        self.session.add(snapshot)
        self.session.flush()

    def listing(self, map_id: int) -> Sequence[Row]:
        """(version, created_at, created_by, touchpoints, improvements) of each of the map's snapshots, oldest
        first; the counts are read inside the stored JSON, so no snapshot is loaded whole."""
        query = (
            select(
                Snapshot.version,
                Snapshot.created_at,
                Snapshot.created_by,
                func.json_array_length(Snapshot.data["touchpoints"]).label("touchpoints"),
                func.json_array_length(Snapshot.data["improvements"]).label("improvements"),
            )
            .where(Snapshot.team_id == self.team_id, Snapshot.map_id == map_id)
            .order_by(Snapshot.version)
        )
        return self.session.execute(query).all()

    def data_of(self, map_id: int, version: int) -> dict | None:
        """What version `version` of the map froze, or None when there is no such snapshot."""
        query = select(Snapshot.data).where(
            Snapshot.team_id == self.team_id, Snapshot.map_id == map_id, Snapshot.version == version
        )
        return self.session.scalar(query)


class Reminders(TeamScoped):
    def of(self, map_id: int) -> Reminder | None:
        query = select(Reminder).where(Reminder.team_id == self.team_id, Reminder.map_id == map_id)
        return self.session.scalar(query.order_by(Reminder.id).limit(1))

    def set(
        self, map_id: int, schedule: str, timezone: str, user_id: str, next_fire_at: datetime | None
    ) -> Reminder:
        """The map's one reminder, updated or added; `next_fire_at` None turns it off. A firing in progress
        (claimed or waiting for a retry) is forgotten: the new schedule starts afresh."""
        reminder = self.of(map_id)
        if reminder is None:
            reminder = Reminder(team_id=self.team_id, map_id=map_id, created_by=user_id)
            self.session.add(reminder)
        reminder.schedule = schedule
        reminder.timezone = timezone
        reminder.next_fire_at, reminder.enabled = next_fire_at, next_fire_at is not None
        reminder.firing_at, reminder.attempts = None, 0
        self.session.flush()
        return reminder


@dataclass(frozen=True)
class Contents:
    """Everything on one map, as rows: what a snapshot freezes."""

    stages: Sequence[Row]  # name, phase, position
    channels: Sequence[Row]  # name, position
    personas: Sequence[Row]  # id, name, description
    # id, stage, channel, title, description, need, owner_id, positive, negative, mean_score, score_low,
    # score_high, votes, evidence
    touchpoints: Sequence[Row]
    tagged: Sequence[Row]  # touchpoint_id, persona_id
    improvements: Sequence[Row]  # touchpoint_id, action, owner_id, status
    notes: Sequence[Row]  # touchpoint_id, polarity, text, author_id
    scores: Sequence[Row]  # touchpoint_id, user_id, score
    votes: Sequence[Row]  # touchpoint_id, user_id
    # touchpoint_id, polarity, message_channel, message_ts, permalink, quote, added_by
    evidence: Sequence[Row]


class MapContents(TeamScoped):
    def of(self, map_id: int) -> Contents:
        """The map's rows in ten statements whatever its size: touchpoints in timeline order, with their
        note counts, mean feeling score, votes and evidence; then each note, score, vote and piece of
        evidence, oldest first."""
        team = self.team_id

        def per_touchpoint(value: ColumnElement, model: Any, *where: ColumnElement[bool]) -> ScalarSelect:
            return (
                select(value)
                .where(model.team_id == team, model.touchpoint_id == Touchpoint.id, *where)
                .scalar_subquery()
            )

        on_map = (Touchpoint.team_id == team, Touchpoint.map_id == map_id)
        touchpoints = (
            select(
                Touchpoint.id,
                Stage.name.label("stage"),
                Channel.name.label("channel"),
                Touchpoint.title,
                Touchpoint.description,
                Touchpoint.need,
                Touchpoint.owner_id,
                per_touchpoint(func.count(), Note, Note.polarity == Polarity.POSITIVE).label("positive"),
                per_touchpoint(func.count(), Note, Note.polarity == Polarity.NEGATIVE).label("negative"),
                per_touchpoint(func.avg(Score.score), Score).label("mean_score"),
                per_touchpoint(func.min(Score.score), Score).label("score_low"),
                per_touchpoint(func.max(Score.score), Score).label("score_high"),
                per_touchpoint(func.count(), Vote).label("votes"),
                per_touchpoint(func.count(), Evidence).label("evidence"),
            )
            .join(Stage, Stage.id == Touchpoint.stage_id)
            .join(Channel, Channel.id == Touchpoint.channel_id)
            .where(*on_map)
            .order_by(Stage.position, Channel.position, Touchpoint.id)
        )
        tagged = (
            select(touchpoint_personas.c.touchpoint_id, touchpoint_personas.c.persona_id)
            .join(Touchpoint, Touchpoint.id == touchpoint_personas.c.touchpoint_id)
            .where(*on_map)
        )
        run = self.session.execute

        def each(*columns: InstrumentedAttribute[Any]) -> Sequence[Row]:
            model = columns[0].class_
            query = select(*columns).join(Touchpoint, Touchpoint.id == model.touchpoint_id)
            return run(query.where(model.team_id == team, *on_map).order_by(model.id)).all()

        return Contents(
            stages=run(
                select(Stage.name, Stage.phase, Stage.position)
                .where(Stage.team_id == team, Stage.map_id == map_id)
                .order_by(Stage.position)
            ).all(),
            channels=run(
                select(Channel.name, Channel.position)
                .where(Channel.team_id == team, Channel.map_id == map_id)
                .order_by(Channel.position)
            ).all(),
            personas=run(
                select(Persona.id, Persona.name, Persona.description)
                .where(Persona.team_id == team, Persona.map_id == map_id)
                .order_by(Persona.id)
            ).all(),
            touchpoints=run(touchpoints).all(),
            tagged=run(tagged).all(),
            improvements=run(
                select(
                    Improvement.touchpoint_id, Improvement.action, Improvement.owner_id, Improvement.status
                )
                .where(Improvement.team_id == team, Improvement.map_id == map_id)
                .order_by(Improvement.id)
            ).all(),
            notes=each(Note.touchpoint_id, Note.polarity, Note.text, Note.author_id),
            scores=each(Score.touchpoint_id, Score.user_id, Score.score),
            votes=each(Vote.touchpoint_id, Vote.user_id),
            evidence=each(
                Evidence.touchpoint_id,
                Evidence.polarity,
                Evidence.message_channel,
                Evidence.message_ts,
                Evidence.permalink,
                Evidence.quote,
                Evidence.added_by,
            ),
        )

    def clear(self, map_id: int) -> None:
        """Delete the map's stages, channels, personas and touchpoints, and with the touchpoints (by cascade)
        their notes, scores, votes, evidence and improvements; the map and its snapshots stay."""
        for model in (Touchpoint, Stage, Channel, Persona):
            self.session.execute(delete(model).where(model.team_id == self.team_id, model.map_id == map_id))
        self.session.expire_all()
