"""A map frozen as its document: what a snapshot stores, and (with a little more) what an export writes.

The shape is documented, as a JSON Schema, in docs/map-schema.json (bot/document/codec.py checks it).
`touchpoint-map/2` added the map's language and vote allowance and every note, score, vote and piece of
evidence (each naming its touchpoint by the touchpoint's `id`) to `touchpoint-map/1`, which had only
their counts; readers of a snapshot accept both (`upgrade`).
"""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.iteration import Contents, MapContents, Snapshots
from storage.models import Map
from storage.repositories import MapStats

SCHEMA = "touchpoint-map/2"
SCHEMAS = ("touchpoint-map/1", SCHEMA)
# What `touchpoint-map/2` holds that a `touchpoint-map/1` snapshot lacks, with what stands in for it.
_ADDED_IN_2 = {
    "language": "en",
    "votes_per_person": 3,
    "notes": [],
    "scores": [],
    "votes": [],
    "evidence": [],
}


def capture(session: Session, team_id: str, found: Map) -> dict[str, Any]:
    """The map as it stands, read in a constant number of statements whatever its size."""
    return freeze(found, MapContents(session, team_id).of(found.id))


def freeze(found: Map, contents: Contents) -> dict[str, Any]:
    """The versioned structure of a snapshot, built from a map and its rows (no database access)."""
    tags = {(row.touchpoint_id, row.persona_id) for row in contents.tagged}
    return {
        "schema": SCHEMA,
        "title": found.title,
        "language": found.language,
        "step": found.step,
        "votes_per_person": found.votes_per_person,
        "stages": [{"name": s.name, "phase": s.phase.value, "position": s.position} for s in contents.stages],
        "channels": [{"name": c.name, "position": c.position} for c in contents.channels],
        "personas": [{"name": p.name, "description": p.description} for p in contents.personas],
        "touchpoints": [
            {
                "id": t.id,
                "stage": t.stage,
                "channel": t.channel,
                "title": t.title,
                "description": t.description,
                "need": t.need,
                "owner": t.owner_id,
                "personas": [p.name for p in contents.personas if (t.id, p.id) in tags],
                "notes": {"positive": t.positive, "negative": t.negative},
                "mean_score": None if t.mean_score is None else round(float(t.mean_score), 2),
                "score_range": None if t.mean_score is None else [t.score_low, t.score_high],
                "votes": t.votes,
                "evidence": t.evidence,
            }
            for t in contents.touchpoints
        ],
        "notes": [
            {
                "touchpoint": n.touchpoint_id,
                "polarity": n.polarity.value,
                "text": n.text,
                "author": n.author_id,
            }
            for n in contents.notes
        ],
        "scores": [
            {"touchpoint": s.touchpoint_id, "user": s.user_id, "score": s.score} for s in contents.scores
        ],
        "votes": [{"touchpoint": v.touchpoint_id, "user": v.user_id} for v in contents.votes],
        "evidence": [
            {
                "touchpoint": e.touchpoint_id,
                "polarity": e.polarity.value,
                "message_channel": e.message_channel,
                "message_ts": e.message_ts,
                "permalink": e.permalink,
                "quote": e.quote,
                "added_by": e.added_by,
            }
            for e in contents.evidence
        ],
        "improvements": [
            {"touchpoint": i.touchpoint_id, "action": i.action, "owner": i.owner_id, "status": i.status.value}
            for i in contents.improvements
        ],
    }


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """`data` in the current schema: a `touchpoint-map/1` snapshot gets empty lists of notes, scores,
    votes and evidence (it kept only their counts) and the default language and vote allowance."""
    if data.get("schema") == SCHEMA:
        return data
    return {**_ADDED_IN_2, **data, "schema": SCHEMA}


def export_document(session: Session, team_id: str, found: Map, now: datetime) -> dict[str, Any]:
    """The map as it stands, with who facilitates it and its snapshots' metadata (callers check access)."""
    stats, snapshots = MapStats(session, team_id), Snapshots(session, team_id)
    return {
        **capture(session, team_id, found),
        "exported_at": now.isoformat(timespec="seconds"),
        "facilitators": sorted(stats.facilitators(found.id), key=lambda user: user != found.created_by),
        "snapshots": [
            {
                "version": each.version,
                "taken_at": each.created_at.isoformat(timespec="seconds"),
                "taken_by": each.created_by,
                "touchpoints": each.touchpoints,
                "improvements": each.improvements,
            }
            for each in snapshots.listing(found.id)
        ],
    }
