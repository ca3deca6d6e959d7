"""A map filled straight in the database at a given size, in a few bulk statements (for size tests and
benchmarks: the tests of each step cover adding things through Slack)."""

from dataclasses import dataclass

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from storage.models import Channel, Map, Note, Phase, Polarity, Score, Stage, Touchpoint, Vote
from tests.support.fake_slack import ALICE, BOB, CAROL

PEOPLE = (ALICE, BOB, CAROL)


@dataclass(frozen=True)
class Size:
    stages: int
    channels: int
    touchpoints: int
    notes: int


SMALL = Size(stages=2, channels=2, touchpoints=3, notes=5)
BIG = Size(stages=30, channels=10, touchpoints=2_000, notes=10_000)


def fill(session: Session, map_id: int, size: Size, tag: str = "") -> list[int]:
    """Add `size`'s stages, channels, touchpoints (each scored by Bob) and notes (spread evenly, by all
    three people) to map `map_id`, and a vote by Carol on the first touchpoint; returns the touchpoint
    ids. `tag` keeps names apart when one map is filled twice."""
    team = session.scalar(select(Map.team_id).where(Map.id == map_id))
    common = {"team_id": team, "map_id": map_id, "created_by": ALICE}
    stage_ids = _insert(
        session,
        Stage,
        [
            {**common, "name": f"Stage {tag}{i}", "phase": list(Phase)[i % 3], "position": i}
            for i in range(1, size.stages + 1)
        ],
    )
    channel_ids = _insert(
        session,
        Channel,
        [{**common, "name": f"Channel {tag}{i}", "position": i} for i in range(1, size.channels + 1)],
    )
    touchpoint_ids = _insert(
        session,
        Touchpoint,
        [
            {
                **common,
                "stage_id": stage_ids[i % len(stage_ids)],
                "channel_id": channel_ids[(i // len(stage_ids)) % len(channel_ids)],
                "title": f"Touchpoint {tag}{i}",
                "owner_id": PEOPLE[i % 3],
            }
            for i in range(size.touchpoints)
        ],
    )
    _insert(
        session,
        Note,
        [
            {
                "team_id": team,
                "touchpoint_id": touchpoint_ids[i % len(touchpoint_ids)],
                "author_id": PEOPLE[i % 3],
                "polarity": list(Polarity)[i % 2],
                "text": f"Note {i}",
            }
            for i in range(size.notes)
        ],
    )
    _insert(
        session,
        Score,
        [{"team_id": team, "touchpoint_id": t, "user_id": BOB, "score": t % 5 - 2} for t in touchpoint_ids],
    )
    _insert(
        session,
        Vote,
        [{"team_id": team, "map_id": map_id, "touchpoint_id": touchpoint_ids[0], "user_id": CAROL}],
    )
    # Refresh the planner's statistics, as autovacuum does for a map that grew over weeks: right after a
    # bulk insert PostgreSQL still believes the tables empty and picks nested loops over 10,000 notes.
    for table in ("stages", "channels", "touchpoints", "notes", "scores", "votes"):
        session.execute(text(f"ANALYZE {table}"))
    return touchpoint_ids


def _insert(session: Session, model: type, rows: list[dict]) -> list[int]:
    """Insert `rows` in one bulk statement per batch; the new ids, in order."""
    ids: list[int] = []
    for start in range(0, len(rows), 5_000):
        batch = rows[start : start + 5_000]
        ids += session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), batch).all()
    return ids
