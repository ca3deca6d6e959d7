"""The JSON export: the whole map in the versioned, documented structure of docs/map-schema.json."""

import json
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy.orm import Session

from bot.workshop.snapshot import capture
from storage.iteration import Snapshots
from storage.models import Map
from storage.repositories import MapStats


@cache
def validator() -> Draft202012Validator:
    """Checks a document against the schema shipped with the bot (docs/map-schema.json links to it)."""
    schema = json.loads(resources.files(__package__).joinpath("map-schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


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


def to_json(document: dict[str, Any]) -> bytes:
    """The document as UTF-8 JSON, indented, with Persian and Arabic kept readable (not \\u-escaped)."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
