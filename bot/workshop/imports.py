"""Importing touchpoints from a CSV in Slack: read and preview it, then apply it, all or nothing."""

from dataclasses import dataclass

from bot.document.codec import MAX_BYTES, check_size
from bot.document.merge import merge
from bot.exports.csv_import import as_document, read_table
from bot.method.errors import UserError
from bot.method.matching import normalize
from bot.method.vocabulary import LIMITS, TOO_MANY, Lane
from bot.workshop.service import Actor, Origin, Service
from storage.drafts import ImportDrafts
from storage.models import Phase
from storage.repositories import Channels, Stages
from storage.touchpoints import Personas

PREVIEW_ROWS = 10


@dataclass(frozen=True)
class Preview:
    """What an import will add to the map, shown before anything is stored."""

    origin: Origin
    draft_id: int
    total: int
    first: list[tuple[str, str, str]]  # stage, channel, title of the first rows
    new_stages: list[tuple[str, Phase]]
    new_channels: list[str]
    new_personas: list[str]
    ignored: list[str]  # headings of columns the import doesn't read


@dataclass(frozen=True)
class Imported:
    origin: Origin
    touchpoints: int


class ImportsService(Service):
    def form(self, actor: Actor, map_id: int | None = None) -> Origin:
        """Facilitators import (it adds many touchpoints at once)."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            return Origin.of(found)

    def preview(self, actor: Actor, map_id: int, file_id: str | None, pasted: str) -> Preview:
        """Read the CSV (a file given in the modal, else the text pasted there) and keep what it would add
        as a draft; UserError on the field it came from, saying what is wrong and where."""
        field = "file" if file_id else "pasted"  # the modal's inputs
        try:
            table = read_table(self._raw(actor.team_id, file_id, pasted))
        except UserError as error:
            error.field = error.field or field
            raise
        document = as_document(table)
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            stages = {normalize(s.name) for s in Stages(session, actor.team_id).rows(found.id)}
            channels = {normalize(c.name) for c in Channels(session, actor.team_id).rows(found.id)}
            personas = {normalize(p.name) for p in Personas(session, actor.team_id).all(found.id)}
            new_stages = [s for s in document["stages"] if normalize(s["name"]) not in stages]
            new_channels = [c["name"] for c in document["channels"] if normalize(c["name"]) not in channels]
            for lane, count in (
                (Lane.STAGE, len(stages) + len(new_stages)),
                (Lane.CHANNEL, len(channels) + len(new_channels)),
            ):
                if count > LIMITS[lane]:
                    raise UserError(TOO_MANY[lane], field=field, limit=LIMITS[lane])
            draft_id = ImportDrafts(session, actor.team_id).add(found.id, actor.user_id, document)
            origin = Origin.of(found)
        return Preview(
            origin=origin,
            draft_id=draft_id,
            total=len(table.rows),
            first=[(r.stage, r.channel, r.title) for r in table.rows[:PREVIEW_ROWS]],
            new_stages=[(s["name"], Phase(s["phase"])) for s in new_stages],
            new_channels=new_channels,
            new_personas=[p["name"] for p in document["personas"] if normalize(p["name"]) not in personas],
            ignored=table.ignored,
        )

    def apply(self, actor: Actor, map_id: int, draft_id: int) -> Imported | None:
        """Add the previewed touchpoints in one transaction; None when this draft was applied already."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            document = ImportDrafts(session, actor.team_id).take(draft_id, found.id, actor.user_id)
            if document is None:
                return None
            added = merge(session, found, document, actor.user_id)
            return Imported(Origin.of(found), added)

    def _raw(self, team_id: str, file_id: str | None, pasted: str) -> bytes:
        if file_id:
            shared = self.chat.file_info(team_id, file_id)
            check_size(shared.size)  # before fetching it
            raw = self.chat.download(team_id, shared, MAX_BYTES)
            check_size(len(raw))
            return raw
        if not pasted.strip():
            raise UserError("Choose a CSV file, or paste the CSV's text.", field="file")
        return pasted.encode()
