"""Exporting a map from Slack: its files, sent to the person who asked or shared in the map's channel."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.document.capture import export_document
from bot.exports.files import IMAGE_FORMATS, Format, export_files, stem_of
from bot.method.errors import UserError
from bot.workshop.notices import ExportShared
from bot.workshop.service import Actor, Origin, Service
from storage.models import Map
from storage.repositories import Maps


class ExportsService(Service):
    def form(self, actor: Actor, map_id: int | None) -> Origin:
        """What the export modal needs; refuses what `send` would refuse for anyone."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            return Origin.of(found)

    def check(self, actor: Actor, map_id: int | None, to_channel: bool) -> None:
        """Refuse, before any work, an export the person may not make."""
        with self.changing(actor) as session:
            _allowed(session, actor, self.open_map(session, actor, map_id), to_channel)

    def send(self, actor: Actor, map_id: int | None, fmt: Format, to_channel: bool, reader: str) -> int:
        """Export the map in `fmt` and send the files to the person (a DM), or share them in the map's
        channel; `reader` is the person's language, for a DM. Returns the map's id."""
        now = datetime.now(UTC)
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            _allowed(session, actor, found, to_channel)
            document = export_document(session, actor.team_id, found, now)
            map_id, channel, title = found.id, found.channel_id, found.title
        names = {user: self.chat.display_name(actor.team_id, user) or user for user in _people(document, fmt)}
        files = export_files(document, fmt, stem_of(title), now.date(), names)
        if to_channel:
            where, language = channel, document["language"]
        else:
            where, language = self.chat.direct_channel(actor.team_id, actor.user_id), reader
        self.chat.share(
            actor.team_id,
            where,
            [(each.name, each.data) for each in files],
            comment=ExportShared(language, title, fmt, actor.user_id if to_channel else None, channel),
        )
        return map_id


def _allowed(session: Session, actor: Actor, found: Map, to_channel: bool) -> None:
    """While the analysis runs blind, an export would show everyone's notes: facilitators only, and only to
    themselves."""
    if found.blind and (
        to_channel or not Maps(session, actor.team_id).is_facilitator(found.id, actor.user_id)
    ):
        raise UserError(
            "While the analysis is blind, only facilitators can export the map, and only to themselves.",
            field="destination",
        )


def _people(document: dict[str, Any], fmt: Format) -> set[str]:
    """Whose names the format shows: owners on a picture; owners and note authors in a report."""
    if fmt == "md":
        return (
            {tp["owner"] for tp in document["touchpoints"] if tp["owner"]}
            | {i["owner"] for i in document["improvements"] if i["owner"]}
            | {n["author"] for n in document["notes"]}
        )
    if fmt in IMAGE_FORMATS:
        return {tp["owner"] for tp in document["touchpoints"] if tp["owner"]}
    return set()
