"""Step 2: every interaction with the brand, on a stage and a channel, and the evidence behind it."""

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.method.errors import SlackRefused, UserError
from bot.method.matching import match, normalize
from bot.method.vocabulary import KIND, PERSONAS_MAX, Lane
from bot.workshop import rules
from bot.workshop.service import Actor, Service
from bot.workshop.timeline import Outline, outline_of
from storage.models import Channel, Evidence, Map, Persona, Polarity, Stage, Touchpoint
from storage.repositories import Channels, Maps, Stages
from storage.touchpoints import EvidenceLog, Personas, Touchpoints

logger = logging.getLogger(__name__)

SHORTCUT_MAPS_MAX = 100
# The shortcut checks the channels of a person's maps at once, this many at a time (each check may page
# conversations.members): a person in many maps waits for about the slowest channel, not their sum.
MEMBERSHIP_THREADS = 16
QUOTE_MAX = 1000


@dataclass(frozen=True)
class MessageRef:
    """A Slack message to keep as evidence: where it is, and what it says (shortened)."""

    channel_id: str
    ts: str
    text: str

    @classmethod
    def quoting(cls, channel_id: str, ts: str, text: str) -> "MessageRef":
        """The message as Slack sent it, its text safe to keep and show: no control characters or bidi
        overrides, at most QUOTE_MAX characters (it travels in a modal's 3,000-character metadata)."""
        return cls(channel_id, ts, rules.visible(text)[:QUOTE_MAX])


@dataclass(frozen=True)
class Draft:
    """A touchpoint as typed in the modal; stage, channel and persona ids are checked against the map."""

    stage_id: int | None
    channel_id: int | None
    title: str
    description: str = ""
    need: str = ""
    owner_id: str | None = None
    persona_ids: Sequence[int] = ()


@dataclass(frozen=True)
class Form(Outline):
    """What the *Add touchpoint* modal offers: the timeline, and the personas."""

    personas: list[tuple[int, str]]


@dataclass(frozen=True)
class Added:
    map_id: int
    touchpoint_id: int
    title: str
    stage: str
    channel: str


@dataclass(frozen=True)
class Backed:
    """Evidence now attached to a touchpoint, with how much backs it each way."""

    map_id: int
    title: str
    positive: int
    negative: int


@dataclass(frozen=True)
class MapChoice:
    map_id: int
    channel_id: str
    title: str


class TouchpointsService(Service):
    def form(self, actor: Actor, map_id: int | None) -> Form:
        with self.reading_map(actor, map_id) as (session, found):
            outline = outline_of(session, actor.team_id, found)
            if not outline.stages or not outline.channels:
                raise UserError(
                    "Add at least one stage and one channel first (step 1), then the touchpoints."
                )
            personas = [(p.id, p.name) for p in Personas(session, actor.team_id).all(found.id)]
            return Form(**vars(outline), personas=personas)

    def add(
        self,
        actor: Actor,
        map_id: int | None,
        draft: Draft,
        request_key: str | None,
        evidence: tuple[MessageRef, Polarity] | None = None,
    ) -> Added | None:
        """Add a touchpoint (and the message it came from, as evidence); None when already applied."""
        title = rules.title(draft.title, field="title")
        description = rules.note(draft.description, field="description")
        need = rules.note(draft.need, field="need")
        permalink = (
            self.chat.permalink(actor.team_id, evidence[0].channel_id, evidence[0].ts) if evidence else None
        )
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            if not self.claim(session, actor, request_key):
                return None
            stages, channels = Stages(session, actor.team_id), Channels(session, actor.team_id)
            stage = _one(stages.all(found.id), draft.stage_id, Lane.STAGE, "stage")
            channel = _one(channels.all(found.id), draft.channel_id, Lane.CHANNEL, "channel")
            personas = [
                p for p in Personas(session, actor.team_id).all(found.id) if p.id in set(draft.persona_ids)
            ]
            touchpoint = Touchpoint(
                title=title,
                description=description,
                need=need,
                owner_id=draft.owner_id or None,
                personas=personas,
            )
            _place(session, actor, touchpoint, found, stage, channel)
            if evidence is not None and permalink is not None:
                _attach(session, actor, touchpoint, evidence[0], evidence[1], permalink)
            return Added(found.id, touchpoint.id, title, stage.name, channel.name)

    def quick_add(
        self, actor: Actor, stage_query: str, channel_query: str, title: str, request_key: str
    ) -> Added | None:
        """`/touchpoint add <stage> / <channel> / <title>`: stage and channel found by (part of) name, in
        one transaction."""
        cleaned = rules.title(title, field="title")
        with self.changing(actor) as session:
            found = self.open_map(session, actor)
            if not self.claim(session, actor, request_key):
                return None
            stage = match(
                stage_query,
                Stages(session, actor.team_id).rows(found.id),
                lambda s: s.name,
                KIND[Lane.STAGE],
            )
            channel = match(
                channel_query,
                Channels(session, actor.team_id).rows(found.id),
                lambda c: c.name,
                KIND[Lane.CHANNEL],
            )
            added = Touchpoints(session, actor.team_id).insert(
                found.id, stage.id, channel.id, cleaned, actor.user_id
            )
            return Added(found.id, added, cleaned, stage.name, channel.name)

    def add_persona(
        self, actor: Actor, map_id: int | None, name: str, description: str, request_key: str | None
    ) -> int:
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            if not self.claim(session, actor, request_key):
                return found.id
            personas = Personas(session, actor.team_id)
            existing = personas.all(found.id)
            cleaned = rules.name(name, field="name")
            if any(normalize(p.name) == normalize(cleaned) for p in existing):
                raise UserError("This map already has “{name}”.", field="name", name=cleaned)
            if len(existing) >= PERSONAS_MAX:
                raise UserError("A map can have at most {limit} personas.", field="name", limit=PERSONAS_MAX)
            personas.add(
                Persona(
                    team_id=actor.team_id,
                    map_id=found.id,
                    name=cleaned,
                    created_by=actor.user_id,
                    description=rules.clean(description, limit=300, field="description", required=False),
                )
            )
            return found.id

    def add_evidence(
        self,
        actor: Actor,
        map_id: int,
        touchpoint_id: int,
        message: MessageRef,
        polarity: Polarity,
        request_key: str,
    ) -> Backed:
        permalink = self.chat.permalink(actor.team_id, message.channel_id, message.ts)
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            touchpoint = Touchpoints(session, actor.team_id).get(found.id, touchpoint_id)
            if touchpoint is None:
                raise UserError("Choose one of the map's touchpoints.", field="touchpoint")
            if self.claim(session, actor, request_key):
                _attach(session, actor, touchpoint, message, polarity, permalink)
            counts = EvidenceLog(session, actor.team_id).counts(touchpoint.id)
            return Backed(
                found.id, touchpoint.title, counts.get(Polarity.POSITIVE, 0), counts.get(Polarity.NEGATIVE, 0)
            )

    def choices(
        self, actor: Actor, map_id: int, text: str, limit: int = 100
    ) -> tuple[str, list[tuple[int, str]]]:
        """The map's language, and its touchpoints to pick from in a menu, filtered by what was typed."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            touchpoints = Touchpoints(session, actor.team_id).search(found.id, text, limit)
            return found.language, [(t.id, t.title) for t in touchpoints]

    def maps_for_message(self, team_id: str, user_id: str, message_channel: str) -> list[MapChoice]:
        """The maps a message may go to: the ones in its own channel, else every map whose channel the
        person is in (most recently used first). A guest from another organisation is refused first, so the
        channels' checks, which leave out a channel the bot can't see, don't leave out theirs silently."""
        self.chat.refuse_outsider(team_id, user_id)
        with self.uow() as session:
            maps = Maps(session, team_id)
            here = maps.in_channel(message_channel)
            candidates = (
                here
                or session.scalars(
                    select(Map)
                    .where(Map.team_id == team_id)
                    .order_by(Map.focused_at.desc())
                    .limit(SHORTCUT_MAPS_MAX)
                ).all()
            )
            found = [MapChoice(m.id, m.channel_id, m.title) for m in candidates]
        channels = sorted({m.channel_id for m in found})
        with ThreadPoolExecutor(min(MEMBERSHIP_THREADS, len(channels) or 1)) as pool:
            checked = pool.map(lambda c: self._member(team_id, c, user_id), channels)
            member = dict(zip(channels, checked, strict=True))
        return [m for m in found if member[m.channel_id]]

    def _member(self, team_id: str, channel: str, user_id: str) -> bool:
        """Whether the person is in `channel`; False for a channel the bot can no longer see (it was
        removed from it, or the channel deleted): that map is left out rather than failing the shortcut."""
        try:
            return self.chat.is_member(team_id, channel, user_id)
        except (UserError, SlackRefused) as error:
            logger.info("Left the maps of %s out of the shortcut: %s", channel, error)
            return False


def _place(
    session: Session, actor: Actor, touchpoint: Touchpoint, found: Map, stage: Stage, channel: Channel
) -> Touchpoint:
    """Store `touchpoint` on the map, at `stage` × `channel`, as added by the actor."""
    touchpoint.team_id, touchpoint.map_id, touchpoint.created_by = actor.team_id, found.id, actor.user_id
    touchpoint.stage_id, touchpoint.channel_id = stage.id, channel.id
    Touchpoints(session, actor.team_id).add(touchpoint)
    return touchpoint


def _one(items: Sequence, item_id: int | None, lane: Lane, field: str):
    chosen = next((item for item in items if item.id == item_id), None)
    if chosen is None:
        raise UserError("Choose a {kind} of this map.", field=field, kind=KIND[lane])
    return chosen


def _attach(
    session: Session,
    actor: Actor,
    touchpoint: Touchpoint,
    message: MessageRef,
    polarity: Polarity,
    permalink: str,
) -> None:
    EvidenceLog(session, actor.team_id).add(
        Evidence(
            team_id=actor.team_id,
            touchpoint_id=touchpoint.id,
            polarity=polarity,
            message_channel=message.channel_id,
            message_ts=message.ts,
            permalink=permalink,
            quote=rules.visible(message.text)[:QUOTE_MAX],
            added_by=actor.user_id,
        )
    )
