"""Writing a map's document (bot/document/capture.py's structure) into a map: an import, a CSV's rows,
a snapshot restored. One function, so the three can't drift apart."""

from typing import Any

from sqlalchemy.orm import Session

from bot.method.errors import UserError
from bot.method.matching import normalize
from bot.method.vocabulary import LIMITS, PERSONAS_MAX, TOO_MANY, Lane
from storage.iteration import MapContents
from storage.models import (
    Channel,
    Evidence,
    Improvement,
    ImprovementStatus,
    Map,
    Note,
    Persona,
    Phase,
    Polarity,
    Score,
    Stage,
    Touchpoint,
    Vote,
)
from storage.repositories import Channels, Maps, Stages, Workspaces
from storage.touchpoints import Personas


def merge(
    session: Session, found: Map, document: dict[str, Any], user_id: str, *, keep_ids: bool = False
) -> int:
    """Add what `document` holds to `found`, in the caller's transaction; returns how many touchpoints.

    Stages, channels and personas are matched with the map's own by name (forgivingly, as commands match
    them); the others are added after the map's, in the document's order. `user_id` is recorded as who
    added the stages, channels, personas and touchpoints. UserError when the map would pass its limits.
    `keep_ids` gives the touchpoints the ids the document names (a snapshot of this very map restored:
    later comparisons still know them), instead of new ones.
    """
    team = found.team_id
    stages = _lanes(
        session,
        found,
        Stages(session, team).all(found.id),
        sorted(document["stages"], key=lambda s: s["position"]),
        lambda each, position: Stage(
            team_id=team,
            map_id=found.id,
            name=each["name"],
            phase=Phase(each["phase"]),
            position=position,
            created_by=user_id,
        ),
        Lane.STAGE,
    )
    channels = _lanes(
        session,
        found,
        Channels(session, team).all(found.id),
        sorted(document["channels"], key=lambda c: c["position"]),
        lambda each, position: Channel(
            team_id=team, map_id=found.id, name=each["name"], position=position, created_by=user_id
        ),
        Lane.CHANNEL,
    )
    personas = {normalize(p.name): p for p in Personas(session, team).all(found.id)}
    for each in document["personas"]:
        personas.setdefault(
            normalize(each["name"]),
            Persona(
                team_id=team,
                map_id=found.id,
                name=each["name"],
                description=each["description"],
                created_by=user_id,
            ),
        )
    if len(personas) > PERSONAS_MAX:
        raise UserError("A map can have at most {limit} personas.", limit=PERSONAS_MAX)
    session.add_all(personas.values())
    session.flush()

    touchpoints = {
        each["id"]: Touchpoint(
            id=each["id"] if keep_ids else None,
            team_id=team,
            map_id=found.id,
            stage_id=stages[normalize(each["stage"])].id,
            channel_id=channels[normalize(each["channel"])].id,
            title=each["title"],
            description=each["description"],
            need=each["need"],
            owner_id=each["owner"],
            created_by=user_id,
            personas=[personas[normalize(name)] for name in dict.fromkeys(each["personas"])],
        )
        for each in document["touchpoints"]
    }
    session.add_all(touchpoints.values())
    session.flush()
    on = {each: {"team_id": team, "touchpoint_id": touchpoint.id} for each, touchpoint in touchpoints.items()}
    session.add_all(
        [
            *(
                Note(
                    **on[n["touchpoint"]],
                    polarity=Polarity(n["polarity"]),
                    text=n["text"],
                    author_id=n["author"],
                )
                for n in document["notes"]
            ),
            *(Score(**on[s["touchpoint"]], user_id=s["user"], score=s["score"]) for s in document["scores"]),
            *(Vote(**on[v["touchpoint"]], map_id=found.id, user_id=v["user"]) for v in document["votes"]),
            *(
                Evidence(
                    **on[e["touchpoint"]],
                    polarity=Polarity(e["polarity"]),
                    message_channel=e["message_channel"],
                    message_ts=e["message_ts"],
                    permalink=e["permalink"],
                    quote=e["quote"],
                    added_by=e["added_by"],
                )
                for e in document["evidence"]
            ),
            *(
                Improvement(
                    **on[i["touchpoint"]],
                    map_id=found.id,
                    action=i["action"],
                    owner_id=i["owner"],
                    status=ImprovementStatus(i["status"]),
                    created_by=user_id,
                )
                for i in document["improvements"]
            ),
        ]
    )
    session.flush()
    return len(touchpoints)


def _lanes(session: Session, found: Map, existing: list, wanted: list[dict], build, lane: Lane) -> dict:
    """The map's stages (or channels) by normalized name, with the document's new ones added at the end."""
    by_name = {normalize(item.name): item for item in existing}
    for each in wanted:
        key = normalize(each["name"])
        if key not in by_name:
            by_name[key] = build(each, len(by_name) + 1)
            session.add(by_name[key])
    if len(by_name) > LIMITS[lane]:
        raise UserError(TOO_MANY[lane], limit=LIMITS[lane])
    session.flush()
    return by_name


def replace(session: Session, found: Map, document: dict[str, Any], user_id: str) -> int:
    """Make the map hold exactly what `document` holds (a snapshot restored), keeping the map itself."""
    MapContents(session, found.team_id).clear(found.id)
    return merge(session, found, document, user_id, keep_ids=True)


def create_map(session: Session, team_id: str, channel_id: str, document: dict[str, Any]) -> Map:
    """A new map in `channel_id` holding `document` (an import), facilitated by the document's
    facilitators, the first of whom is recorded as having started it and added its contents."""
    facilitators = document.get("facilitators") or []
    if not facilitators:
        raise UserError("Name at least one facilitator of the imported map.")
    Workspaces(session, team_id).ensure()
    maps = Maps(session, team_id)
    found = maps.add(
        channel_id=channel_id,
        title=document["title"],
        language=document["language"],
        created_by=facilitators[0],
    )
    found.step, found.votes_per_person = document["step"], document["votes_per_person"]
    for user in facilitators[1:]:
        maps.add_facilitator(found.id, user)
    merge(session, found, document, facilitators[0])
    return found
