"""Step deadlines: set by a facilitator; 24 h and 1 h before, a nudge to each member who hasn't contributed
to the step yet (once each, in their waking hours); at the deadline, a summary and maybe the next step."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy.orm import Session

from bot.i18n import N_
from bot.method.errors import UserError
from bot.method.steps import STEPS
from bot.scheduling import zones
from bot.scheduling.clock import as_utc
from bot.scheduling.deadline import parse_deadline, waking
from bot.scheduling.engine import Claim
from bot.workshop import rules
from bot.workshop.notices import StepStarted
from bot.workshop.scheduled import ScheduledService
from bot.workshop.service import Actor, Origin
from storage.deadlines import Deadlines, Nudges, StepContributors
from storage.models import Deadline, Map, Nudge
from storage.repositories import Maps

logger = logging.getLogger(__name__)

NUDGES_BEFORE = (timedelta(hours=24), timedelta(hours=1))
DEFAULT_ZONE = "UTC"


@dataclass(frozen=True)
class DeadlineView:
    """The deadline of the map's current step: `due_at` in its zone, None when the step has none."""

    origin: Origin
    step: int
    due_at: datetime | None
    timezone: str
    advance: bool = False


@dataclass(frozen=True)
class Nudged:
    """What a nudge tells one person."""

    title: str
    channel_id: str
    step: int
    due_at: datetime  # in the person's zone


@dataclass(frozen=True)
class Closed:
    """A step at its deadline: who contributed, who didn't, and whether the map moves on."""

    title: str
    step: int
    contributors: list[str]
    missing: list[str]
    moved_on: bool


@dataclass(frozen=True)
class NudgeDue:
    """For one person, in their language: the step closes soon, and they haven't contributed yet."""

    language: str | None
    nudged: Nudged


@dataclass(frozen=True)
class DeadlineClosed:
    """For the channel: the step's deadline came."""

    language: str
    closed: Closed


def next_phase(due_at: datetime, after: datetime) -> datetime | None:
    """When a deadline due at `due_at` next fires after `after`: a round of nudges before it (24 h, 1 h),
    then the deadline itself; None once it has come."""
    phases = [due_at - before for before in NUDGES_BEFORE] + [due_at]
    return next((moment for moment in phases if moment > after), None)


def _zone(name: str | None) -> tzinfo:
    try:
        return zones.zone(name or DEFAULT_ZONE)
    except (KeyError, ValueError, OSError):
        return zones.zone(DEFAULT_ZONE)


class DeadlineService(ScheduledService):
    """Deadlines as people set them, and as the scheduler fires them (the job for `Deadline` rows)."""

    kind = "deadline"
    model = Deadline

    # --- what facilitators do ---------------------------------------------------------------------------
    def deadline(self, actor: Actor, map_id: int | None = None) -> DeadlineView:
        """The current step's deadline, for any member to see."""
        zone_name = self._default_zone(actor)
        with self.reading_map(actor, map_id) as (session, found):
            return self._view(found, Deadlines(session, actor.team_id).of(found.id), zone_name)

    def deadline_form(self, actor: Actor, map_id: int | None) -> DeadlineView:
        zone_name = self._default_zone(actor)
        with self.reading_map(actor, map_id, facilitator=True) as (session, found):
            return self._view(found, Deadlines(session, actor.team_id).of(found.id), zone_name)

    def set_deadline(
        self, actor: Actor, map_id: int | None, when: str, timezone: str, advance: bool
    ) -> DeadlineView:
        """Give the map's current step a deadline (facilitators), replacing the one it had; with no time
        zone typed, the facilitator's Slack time zone, else UTC. UserError for a time that can't be read
        or has passed, or an unknown zone; then nothing is stored."""
        typed = rules.clean(when, limit=rules.SCHEDULE_MAX, field="when")
        return self._set(
            actor, map_id, timezone, advance, lambda zone, now: parse_deadline(typed, zone, now, field="when")
        )

    def set_deadline_at(
        self, actor: Actor, map_id: int | None, due_at: datetime | None, timezone: str, advance: bool
    ) -> DeadlineView:
        """`set_deadline` for a moment picked (a date-time picker's), shown in `timezone` (or the
        facilitator's); UserError for none picked or one that has passed."""
        if due_at is None:
            raise UserError("Pick the date and time the step closes.", field="when")

        def picked(zone: tzinfo, now: datetime) -> datetime:
            if due_at <= now:
                raise UserError("That time has passed already: pick one still to come.", field="when")
            return due_at

        return self._set(actor, map_id, timezone, advance, picked)

    def _set(
        self,
        actor: Actor,
        map_id: int | None,
        timezone: str,
        advance: bool,
        due: Callable[[tzinfo, datetime], datetime],
    ) -> DeadlineView:
        """Store the deadline `due` gives (from the zone and now) for the map's current step."""
        zone_name = rules.timezone(timezone, field="timezone") or self._default_zone(actor)
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            now = self.clock()
            due_at = due(zones.zone(zone_name), now)
            deadline = Deadlines(session, actor.team_id).set(
                found.id,
                step=found.step,
                due_at=due_at,
                timezone=zone_name,
                advance=advance and found.step < len(STEPS),
                user_id=actor.user_id,
                next_fire_at=next_phase(due_at, now),
            )
            return self._view(found, deadline, zone_name)

    def clear_deadline(self, actor: Actor) -> DeadlineView:
        zone_name = self._default_zone(actor)
        with self.changing(actor) as session:
            found = self.open_map(session, actor, facilitator=True)
            Deadlines(session, actor.team_id).clear(found.id)
            return self._view(found, None, zone_name)

    def _view(self, found: Map, deadline: Deadline | None, default_zone: str) -> DeadlineView:
        if deadline is None or deadline.step != found.step:
            return DeadlineView(Origin.of(found), found.step, None, default_zone)
        zone = _zone(deadline.timezone)
        due_at = as_utc(deadline.due_at).astimezone(zone)
        return DeadlineView(Origin.of(found), found.step, due_at, deadline.timezone, deadline.advance)

    def _default_zone(self, actor: Actor) -> str:
        try:
            return rules.timezone(self.chat.timezone(actor.team_id, actor.user_id)) or DEFAULT_ZONE
        except UserError:
            return DEFAULT_ZONE

    # --- what the scheduler does ------------------------------------------------------------------------
    def too_late(self, session: Session, row: Deadline, now: datetime) -> bool:
        """A nudge round is pointless once the deadline has come; the deadline itself always fires."""
        due_at = as_utc(row.due_at)
        return row.firing_at is not None and as_utc(row.firing_at) != due_at and now >= due_at

    def next_after(self, session: Session, row: Deadline, after: datetime) -> datetime | None:
        return next_phase(as_utc(row.due_at), after)

    def run(self, claim: Claim) -> None:
        with self.uow() as session:
            deadline = Deadlines(session, claim.team_id).of(claim.map_id)
            found = Maps(session, claim.team_id).get(claim.map_id)
            if deadline is None or found is None or deadline.id != claim.item_id:
                return  # replaced or removed meanwhile
            if found.step != deadline.step:
                return  # the map moved to another step meanwhile
            closing = claim.firing_at == as_utc(deadline.due_at)
            contributors = StepContributors(session, claim.team_id).of(found.id, deadline.step)
            nudged = Nudges(session, claim.team_id).nudged(deadline.id)
            channel = found.channel_id
        people = self.chat.people_in(claim.team_id, channel)
        if closing:
            self._close(claim, people, contributors)
        else:
            self._plan_nudges(claim, people - contributors - nudged)

    def _plan_nudges(self, claim: Claim, people: frozenset[str]) -> None:
        """A nudge for each person, at once or when their morning comes; none for whom that is too late."""
        planned = {}
        for person in people:
            zone = _zone(self.chat.timezone(claim.team_id, person))
            planned[person] = (str(zone), waking(max(claim.firing_at, self.clock()), zone))
        with self.uow() as session:
            deadline = Deadlines(session, claim.team_id).of(claim.map_id)
            if deadline is None or deadline.id != claim.item_id:
                return
            nudges = Nudges(session, claim.team_id)
            for person, (zone_name, send_at) in sorted(planned.items()):
                if send_at < as_utc(deadline.due_at):
                    nudges.add(deadline, person, zone_name, send_at)

    def _close(self, claim: Claim, people: frozenset[str], contributors: set[str]) -> None:
        """Post who contributed and who didn't; move the map on if the facilitator chose so."""
        with self.uow() as session:
            found = Maps(session, claim.team_id).get(claim.map_id, lock=True)
            deadline = Deadlines(session, claim.team_id).of(claim.map_id)
            if found is None or deadline is None or found.step != deadline.step:
                return
            moved_on = deadline.advance and found.step < len(STEPS)
            closed = Closed(
                found.title,
                found.step,
                sorted(contributors & people),
                sorted(people - contributors),
                moved_on,
            )
            channel, language, step = found.channel_id, found.language, found.step
            if moved_on:
                found.step += 1
        self.chat.post(claim.team_id, channel, DeadlineClosed(language, closed))
        if moved_on:
            self.chat.post(claim.team_id, channel, StepStarted(language, step + 1))
            self.refresh_board(claim.team_id, claim.map_id)

    def report(self, claim: Claim, error: Exception) -> None:
        with self.uow() as session:
            deadline = Deadlines(session, claim.team_id).of(claim.map_id)
            if deadline is None or deadline.id != claim.item_id:
                return
            closing = claim.firing_at == as_utc(deadline.due_at)
            user = deadline.created_by
        what = N_("the deadline's summary") if closing else N_("the reminders before the deadline")
        self.report_failure(claim.team_id, claim.map_id, user, what, error)


class NudgeService(ScheduledService):
    """Sends the nudges a deadline planned (the job for `Nudge` rows): each once, in waking hours."""

    kind = "nudge"
    model = Nudge

    def too_late(self, session: Session, row: Nudge, now: datetime) -> bool:
        return now >= as_utc(row.deadline.due_at)

    def next_after(self, session: Session, row: Nudge, after: datetime) -> datetime | None:
        return None  # once

    def run(self, claim: Claim) -> datetime | None:
        """Send the nudge, unless the person has contributed meanwhile or the step moved on; outside their
        waking hours (the bot was down until late), put it off to their morning."""
        with self.uow() as session:
            nudge = session.get(Nudge, claim.item_id)
            found = Maps(session, claim.team_id).get(claim.map_id)
            if nudge is None or found is None or nudge.team_id != claim.team_id:
                return None
            deadline = nudge.deadline
            contributors = StepContributors(session, claim.team_id).of(found.id, deadline.step)
            if found.step != deadline.step or nudge.user_id in contributors:
                return None
            zone, due_at, user = _zone(nudge.timezone), as_utc(deadline.due_at), nudge.user_id
            now = self.clock()
            morning = waking(now, zone)
            if morning > now:
                return morning if morning < due_at else None
            nudged = Nudged(found.title, found.channel_id, deadline.step, due_at.astimezone(zone))
        self.chat.post(claim.team_id, user, NudgeDue(self.chat.locale(claim.team_id, user), nudged))
        return None

    def report(self, claim: Claim, error: Exception) -> None:
        with self.uow() as session:
            nudge = session.get(Nudge, claim.item_id)
            if nudge is None or nudge.team_id != claim.team_id:
                return
            user = nudge.deadline.created_by
        self.report_failure(claim.team_id, claim.map_id, user, N_("a reminder before the deadline"), error)
