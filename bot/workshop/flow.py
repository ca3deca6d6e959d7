"""Moving a map between steps, its facilitators, and which map a channel works on."""

from dataclasses import dataclass

from bot.i18n import N_
from bot.method.errors import Msg, UserError
from bot.method.matching import match
from bot.method.steps import STEPS
from bot.workshop.board import Board
from bot.workshop.notices import StepStarted, TakenOver
from bot.workshop.service import Actor, Announcement, Service
from storage.base import utcnow
from storage.models import AuditAction
from storage.repositories import AuditLog, Maps, MapStats

MAP = Msg(N_("map"))


@dataclass(frozen=True)
class MapListing:
    map_id: int
    title: str
    step: int
    focused: bool


class FlowService(Service):
    def change_step(
        self,
        actor: Actor,
        map_id: int | None,
        delta: int,
        request_key: str | None,
        from_step: int | None = None,
    ) -> tuple[int, Announcement | None]:
        """Move the map one step forward (+1) or back (−1); returns its id, and the step's prompt to
        announce in the channel (None when nothing moved).

        A button passes the step its board showed as `from_step`: a second click on a stale board (a double
        click) finds the map moved already and does nothing.
        """
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            if not self.claim(session, actor, request_key) or (
                from_step is not None and from_step != found.step
            ):
                return found.id, None
            target = found.step + delta
            if target < 1:
                raise UserError("The map is already at its first step.")
            if target > len(STEPS):
                raise UserError("The map is already at its last step.")
            found.step = target
            return found.id, Announcement(found.channel_id, StepStarted(found.language, target))

    def set_language(self, actor: Actor, language: str) -> int:
        """Change the language the map speaks in its channel (facilitators); refresh its board after."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, facilitator=True)
            found.language = language
            return found.id

    def add_facilitator(self, actor: Actor, user_id: str) -> tuple[int, bool]:
        joins = self.chat.is_member(actor.team_id, actor.channel_id, user_id)  # the map's channel, or refused
        with self.changing(actor) as session:
            found = self.open_map(session, actor, facilitator=True)
            if not joins:
                raise UserError("Only members of this channel can facilitate its map.")
            added = Maps(session, actor.team_id).add_facilitator(found.id, user_id)
            if added:
                AuditLog(session, actor.team_id).on_map(
                    found, actor.user_id, AuditAction.FACILITATOR_ADDED, user=user_id
                )
            return found.id, added

    def take_over(self, actor: Actor, request_key: str) -> tuple[int, Announcement | None]:
        """A workspace admin or owner becomes a facilitator of the channel's map, when none of its
        facilitators is in the channel any more (they left, or were deactivated); recorded in the audit
        log. Returns the map's id and the notice to post in the channel (None for a retry)."""
        admin = self.chat.is_admin(actor.team_id, actor.user_id)  # asked of Slack before the transaction
        present = self.chat.members(actor.team_id, actor.channel_id)
        with self.changing(actor) as session:
            found = self.open_map(session, actor)
            if not self.claim(session, actor, request_key):
                return found.id, None
            maps = Maps(session, actor.team_id)
            if maps.is_facilitator(found.id, actor.user_id):
                raise UserError("You already facilitate this map.")
            if not admin:
                raise UserError("Only a workspace admin or owner can take over a map.")
            facilitators = MapStats(session, actor.team_id).facilitators(found.id)
            if set(facilitators) & present:
                raise UserError(
                    "This map still has a facilitator in this channel: ask them to add you with "
                    "`/touchpoint facilitator add @you`."
                )
            maps.add_facilitator(found.id, actor.user_id)
            AuditLog(session, actor.team_id).on_map(
                found, actor.user_id, AuditAction.FACILITATOR_TAKEOVER, previous=facilitators
            )
            notice = TakenOver(found.language, found.title, actor.user_id)
            return found.id, Announcement(found.channel_id, notice)

    def listing(self, actor: Actor) -> list[MapListing]:
        with self.changing(actor) as session:
            maps = Maps(session, actor.team_id)
            focused = maps.focused(actor.channel_id)
            if focused is not None:
                self.open_map(session, actor, focused.id)  # members only
            return [
                MapListing(m.id, m.title, m.step, focused is not None and m.id == focused.id)
                for m in maps.in_channel(actor.channel_id)
            ]

    def use(self, actor: Actor, query: str) -> str:
        with self.changing(actor) as session:
            maps = Maps(session, actor.team_id).in_channel(actor.channel_id)
            chosen = match(query, maps, lambda m: m.title, kind=MAP)
            self.open_map(session, actor, chosen.id)
            chosen.focused_at = utcnow()
            return chosen.title

    def status(self, actor: Actor) -> Board:
        with self.reading_map(actor) as (session, found):
            return self.board(session, actor.team_id, found)
