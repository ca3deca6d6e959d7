"""Repositories for step 3: notes, feeling scores and votes on a map's touchpoints."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Insert, bindparam, delete, func, insert, select, tuple_, union

from storage.base import table
from storage.models import Channel, Evidence, Note, Polarity, Score, Stage, Touchpoint, Vote
from storage.repositories import INSERTS, TeamScoped

# The statements of the *Analyse* modal's save, built once: building one costs more than running it.
_NOTE = insert(table(Note)).values(
    team_id=bindparam("team"),
    touchpoint_id=bindparam("touchpoint"),
    author_id=bindparam("user"),
    polarity=bindparam("polarity"),
    text=bindparam("text"),
)


def _score_upsert(insert_for: Callable) -> Insert:
    new = insert_for(table(Score)).values(
        team_id=bindparam("team"),
        touchpoint_id=bindparam("touchpoint"),
        user_id=bindparam("user"),
        score=bindparam("score"),
    )
    return new.on_conflict_do_update(
        index_elements=["touchpoint_id", "user_id"], set_={"score": new.excluded.score}
    )


_SCORE_UPSERTS = {dialect: _score_upsert(insert_for) for dialect, insert_for in INSERTS.items()}
_HAS_VOTE = select(Vote.id).where(
    Vote.team_id == bindparam("team"),
    Vote.touchpoint_id == bindparam("touchpoint"),
    Vote.user_id == bindparam("user"),
)


class Notes(TeamScoped):
    def add(self, touchpoint_id: int, author_id: str, polarity: Polarity, text: str) -> None:
        values = {"touchpoint": touchpoint_id, "user": author_id, "polarity": polarity, "text": text}
        self.session.execute(_NOTE, {"team": self.team_id, **values})

    def on(self, touchpoint_id: int) -> list[Note]:
        query = select(Note).where(Note.team_id == self.team_id, Note.touchpoint_id == touchpoint_id)
        return list(self.session.scalars(query.order_by(Note.id)))


class Scores(TeamScoped):
    def of(self, touchpoint_id: int, user_id: str) -> Score | None:
        query = select(Score).where(
            Score.team_id == self.team_id, Score.touchpoint_id == touchpoint_id, Score.user_id == user_id
        )
        return self.session.scalar(query)

    def set(self, touchpoint_id: int, user_id: str, value: int) -> None:
        """The person's score at the touchpoint, added or changed in one statement."""
        values = {"team": self.team_id, "touchpoint": touchpoint_id, "user": user_id, "score": value}
        self.session.execute(self._for_dialect(_SCORE_UPSERTS), values)


class Votes(TeamScoped):
    def has(self, touchpoint_id: int, user_id: str) -> bool:
        values = {"team": self.team_id, "touchpoint": touchpoint_id, "user": user_id}
        return self.session.scalar(_HAS_VOTE, values) is not None

    def used(self, map_id: int, user_id: str) -> int:
        query = select(func.count()).where(
            Vote.team_id == self.team_id, Vote.map_id == map_id, Vote.user_id == user_id
        )
        return self.session.scalar(query) or 0

    def add(self, map_id: int, touchpoint_id: int, user_id: str) -> None:
        self.session.add(
            Vote(team_id=self.team_id, map_id=map_id, touchpoint_id=touchpoint_id, user_id=user_id)
        )

    def remove(self, touchpoint_id: int, user_id: str) -> None:
        self.session.execute(
            delete(Vote).where(
                Vote.team_id == self.team_id, Vote.touchpoint_id == touchpoint_id, Vote.user_id == user_id
            )
        )


@dataclass(frozen=True)
class TouchpointTally:
    """What the analysis found at one touchpoint."""

    touchpoint_id: int
    title: str
    stage_id: int
    positives: int
    negatives: int
    votes: int
    scores: list[int]


class AnalysisFigures(TeamScoped):
    def tallies(self, map_id: int) -> list[TouchpointTally]:
        """Every touchpoint's counts and scores, in three statements whatever the map's size."""
        team = self.team_id
        on_map = (Touchpoint.team_id == team, Touchpoint.map_id == map_id)
        notes = (
            select(Note.touchpoint_id, Note.polarity, func.count())
            .join(Touchpoint, Touchpoint.id == Note.touchpoint_id)
            .where(Note.team_id == team, *on_map)
            .group_by(Note.touchpoint_id, Note.polarity)
        )
        counted: dict[tuple[int, Polarity], int] = {(t, p): n for t, p, n in self.session.execute(notes)}
        scores: dict[int, list[int]] = {}
        score_rows = (
            select(Score.touchpoint_id, Score.score)
            .join(Touchpoint, Touchpoint.id == Score.touchpoint_id)
            .where(Score.team_id == team, *on_map)
        )
        for touchpoint_id, value in self.session.execute(score_rows):
            scores.setdefault(touchpoint_id, []).append(value)
        votes = (
            select(func.count())
            .where(Vote.team_id == team, Vote.touchpoint_id == Touchpoint.id)
            .scalar_subquery()
        )
        rows = self.session.execute(
            select(Touchpoint.id, Touchpoint.title, Touchpoint.stage_id, votes)
            .where(*on_map)
            .order_by(Touchpoint.id)
        )
        return [
            TouchpointTally(
                touchpoint_id,
                title,
                stage_id,
                counted.get((touchpoint_id, Polarity.POSITIVE), 0),
                counted.get((touchpoint_id, Polarity.NEGATIVE), 0),
                vote_count,
                scores.get(touchpoint_id, []),
            )
            for touchpoint_id, title, stage_id, vote_count in rows
        ]

    def listing(self, map_id: int) -> list[tuple[int, str, str, str, int]]:
        """(touchpoint id, stage name, channel name, title, evidence count) in timeline order."""
        team = self.team_id
        evidence = (
            select(func.count()).where(Evidence.team_id == team, Evidence.touchpoint_id == Touchpoint.id)
        ).scalar_subquery()
        query = (
            select(Touchpoint.id, Stage.name, Channel.name, Touchpoint.title, evidence)
            .join(Stage, Stage.id == Touchpoint.stage_id)
            .join(Channel, Channel.id == Touchpoint.channel_id)
            .where(Touchpoint.team_id == team, Touchpoint.map_id == map_id)
            .order_by(Stage.position, Channel.position, Touchpoint.id)
        )
        return [tuple(row) for row in self.session.execute(query)]

    def still_to_analyse(self, map_id: int, user_id: str, after: tuple[int, int, int]) -> list[int]:
        """The ids of the touchpoints `user_id` has not analysed yet (no note, score or vote of theirs),
        in the list's timeline order, from the one after the key `after` (stage position, channel
        position, touchpoint id)."""
        team = self.team_id
        analysed = union(
            select(Note.touchpoint_id).where(Note.team_id == team, Note.author_id == user_id),
            select(Score.touchpoint_id).where(Score.team_id == team, Score.user_id == user_id),
            select(Vote.touchpoint_id).where(Vote.team_id == team, Vote.user_id == user_id),
        )
        order = (Stage.position, Channel.position, Touchpoint.id)
        query = (
            select(Touchpoint.id)
            .join(Stage, Stage.id == Touchpoint.stage_id)
            .join(Channel, Channel.id == Touchpoint.channel_id)
            .where(Touchpoint.team_id == team, Touchpoint.map_id == map_id)
            .where(tuple_(*order) > tuple_(*after), Touchpoint.id.not_in(analysed))
            .order_by(*order)
        )
        return list(self.session.scalars(query))
