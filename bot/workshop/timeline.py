"""Step 1: the journey's stages in order, and the channels where customers meet the brand."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.i18n import translator
from bot.method.errors import UserError
from bot.method.matching import match, normalize
from bot.method.vocabulary import KIND, LIMITS, TOO_MANY, Lane
from bot.workshop import rules, starter
from bot.workshop.service import Actor, Service
from storage.models import AuditAction, Channel, Map, Phase, Stage
from storage.repositories import AuditLog, Channels, Ordered, Stages


@dataclass(frozen=True)
class Removal:
    map_id: int
    lane: Lane
    item_id: int
    name: str
    touchpoints: int


def _repository(session: Session, team_id: str, lane: Lane) -> Ordered:
    return (Stages if lane is Lane.STAGE else Channels)(session, team_id)


@dataclass(frozen=True)
class Outline:
    """A map's timeline, as the modals that pick a stage or channel need it."""

    map_id: int
    channel_id: str
    language: str
    stages: list[tuple[int, str, Phase]]
    channels: list[tuple[int, str]]


Pick = str | int
"""A stage or channel as a person points at it: (the start of) its name as typed, or its id from a button."""


def _pick(items: Ordered, map_id: int, lane: Lane, pick: Pick):
    existing = items.all(map_id)
    if isinstance(pick, str):
        return match(pick, existing, lambda i: i.name, KIND[lane])
    item = next((i for i in existing if i.id == pick), None)
    if item is None:
        raise UserError("That {kind} is no longer on the map.", kind=KIND[lane])
    return item


def outline_of(session: Session, team_id: str, found: Map) -> Outline:
    return Outline(
        map_id=found.id,
        channel_id=found.channel_id,
        language=found.language,
        stages=[(s.id, s.name, s.phase) for s in Stages(session, team_id).rows(found.id)],
        channels=[(c.id, c.name) for c in Channels(session, team_id).rows(found.id)],
    )


def _new_item(actor: Actor, map_id: int, lane: Lane, name: str, phase: Phase | None) -> Stage | Channel:
    fields = {"team_id": actor.team_id, "map_id": map_id, "name": name, "created_by": actor.user_id}
    return Stage(phase=phase or Phase.BEFORE, **fields) if lane is Lane.STAGE else Channel(**fields)


class TimelineService(Service):
    def outline(self, actor: Actor, map_id: int | None) -> Outline:
        with self.reading_map(actor, map_id) as (session, found):
            return outline_of(session, actor.team_id, found)

    def add(
        self,
        actor: Actor,
        map_id: int | None,
        lane: Lane,
        name: str,
        *,
        phase: Phase = Phase.BEFORE,
        position: int | None = None,
        request_key: str | None = None,
    ) -> int:
        """Add a stage (in `phase`) or a channel at `position` (the end when None)."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            if self.claim(session, actor, request_key):
                items = _repository(session, actor.team_id, lane)
                item = _new_item(actor, found.id, lane, self._new_name(items, found.id, name), phase)
                items.insert(item, position)
            return found.id

    def add_starter_set(
        self,
        actor: Actor,
        map_id: int,
        stage_keys: Sequence[str],
        channel_keys: Sequence[str],
        request_key: str,
    ) -> int:
        """Add the ticked starter stages and channels, in the map's language, skipping names it has."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            if not self.claim(session, actor, request_key):
                return found.id
            t = translator(found.language)
            stages = [(t(each.name), each.phase) for each in starter.STAGES if each.key in stage_keys]
            channels = [(t(each.name), None) for each in starter.CHANNELS if each.key in channel_keys]
            for lane, ticked in ((Lane.STAGE, stages), (Lane.CHANNEL, channels)):
                items = _repository(session, actor.team_id, lane)
                existing = items.all(found.id)
                taken = {normalize(item.name) for item in existing}
                fresh = [(name, phase) for name, phase in ticked if normalize(name) not in taken]
                for name, phase in fresh[: max(0, LIMITS[lane] - len(existing))]:
                    items.insert(_new_item(actor, found.id, lane, name, phase), None)
            return found.id

    def rename(self, actor: Actor, lane: Lane, pick: Pick, new_name: str, map_id: int | None = None) -> int:
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            items = _repository(session, actor.team_id, lane)
            item = _pick(items, found.id, lane, pick)
            item.name = self._new_name(items, found.id, new_name, keep=item.id)
            return found.id

    def move(
        self,
        actor: Actor,
        lane: Lane,
        pick: Pick,
        *,
        position: int | None = None,
        shift: int = 0,
        map_id: int | None = None,
    ) -> int:
        """Move a stage or channel to `position`, or `shift` places along (−1: one earlier)."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            items = _repository(session, actor.team_id, lane)
            item = _pick(items, found.id, lane, pick)
            items.move(item, position if position is not None else max(1, item.position + shift))
            return found.id

    def remove(
        self, actor: Actor, lane: Lane, pick: Pick, *, confirmed: bool = False, map_id: int | None = None
    ) -> Removal:
        """Remove a stage or channel; one that holds touchpoints only when `confirmed`.

        A count of touchpoints above zero with `confirmed` False means nothing was removed: ask first.
        """
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            items = _repository(session, actor.team_id, lane)
            item = _pick(items, found.id, lane, pick)
            removal = Removal(found.id, lane, item.id, item.name, items.touchpoint_count(item))
            if removal.touchpoints and not confirmed:
                return removal
            items.remove(item)
            if removal.touchpoints:
                action = AuditAction.STAGE_REMOVED if lane is Lane.STAGE else AuditAction.CHANNEL_REMOVED
                AuditLog(session, actor.team_id).on_map(
                    found, actor.user_id, action, name=removal.name, touchpoints=removal.touchpoints
                )
            return removal

    @staticmethod
    def _new_name(items: Ordered, map_id: int, text: str, keep: int | None = None) -> str:
        cleaned = rules.name(text, field="name")
        existing = items.all(map_id)
        if any(normalize(i.name) == normalize(cleaned) and i.id != keep for i in existing):
            raise UserError("This map already has “{name}”.", field="name", name=cleaned)
        lane = Lane.STAGE if isinstance(items, Stages) else Lane.CHANNEL
        if keep is None and len(existing) >= LIMITS[lane]:
            raise UserError(TOO_MANY[lane], field="name", limit=LIMITS[lane])
        return cleaned
