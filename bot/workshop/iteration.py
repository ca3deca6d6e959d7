"""Step 4: improvements with owners and a status, snapshots of the map, and when to come back to it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.document.capture import capture
from bot.method.errors import UserError
from bot.method.vocabulary import ImprovementStatus
from bot.scheduling import grammar
from bot.scheduling.clock import Clock, system_clock
from bot.workshop import rules
from bot.workshop.board import BoardLocks
from bot.workshop.chat import Chat
from bot.workshop.service import Actor, Announcement, Origin, Service
from storage.db import UnitOfWork
from storage.iteration import DEFAULT_TIMEZONE, Improvements, Reminders, Snapshots
from storage.models import Improvement, Map, Reminder, Snapshot
from storage.touchpoints import Touchpoints

# A page stays well under Slack's 50 blocks a message, and under the ~13,000 characters of text it takes in
# a message's blocks (undocumented: past it, chat.postMessage answers msg_blocks_too_long).
IMPROVEMENTS_PER_PAGE = 20
FIRES_SHOWN = 3  # `/touchpoint remind` shows the reminder's next fire times


@dataclass(frozen=True)
class ImprovementDraft:
    """An improvement as typed in the modal; the touchpoint id is checked against the map."""

    touchpoint_id: int | None
    action: str
    owner_id: str | None = None
    status: ImprovementStatus = ImprovementStatus.OPEN


@dataclass(frozen=True)
class ImprovementItem:
    improvement_id: int
    touchpoint: str
    action: str
    owner_id: str | None
    status: ImprovementStatus


@dataclass(frozen=True)
class ImprovementPage:
    """One page of a map's improvements, oldest first."""

    map_id: int
    title: str
    language: str
    page: int
    pages: int
    total: int
    items: list[ImprovementItem]


@dataclass(frozen=True)
class Taken:
    """A snapshot just taken, with what it holds."""

    map_id: int
    version: int
    taken_by: str
    touchpoints: int
    improvements: int


@dataclass(frozen=True)
class SnapshotTaken:
    """For the channel: a snapshot was taken."""

    language: str
    taken: Taken


@dataclass(frozen=True)
class Revisit:
    """The map's revisit reminder: its schedule as typed (None before one is set), time zone, whether it is
    on, and its next fire times (in the zone)."""

    origin: Origin
    schedule: str | None
    timezone: str
    enabled: bool = True
    fires: Sequence[datetime] = ()


class IterationService(Service):
    def __init__(
        self,
        uow: UnitOfWork,
        chat: Chat,
        board_locks: BoardLocks | None = None,
        clock: Clock = system_clock,
        reminders_per_day: int = grammar.DEFAULT_PER_DAY,
    ) -> None:
        super().__init__(uow, chat, board_locks)
        self.clock = clock
        self.reminders_per_day = reminders_per_day

    def improvement_form(self, actor: Actor, map_id: int | None) -> Origin:
        with self.reading_map(actor, map_id) as (session, found):
            if not Touchpoints(session, actor.team_id).count(found.id):
                raise UserError("Add touchpoints first (step 2), then the improvements to make to them.")
            return Origin.of(found)

    def add_improvement(
        self, actor: Actor, map_id: int | None, draft: ImprovementDraft, request_key: str | None
    ) -> int:
        """Any member of the channel may add one; returns the map's id."""
        action = rules.note(draft.action, field="action", required=True)
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            if not self.claim(session, actor, request_key):
                return found.id
            touchpoints = Touchpoints(session, actor.team_id)
            touchpoint = (
                None if draft.touchpoint_id is None else touchpoints.get(found.id, draft.touchpoint_id)
            )
            if touchpoint is None:
                raise UserError("Choose one of the map's touchpoints.", field="touchpoint")
            Improvements(session, actor.team_id).add(
                Improvement(
                    team_id=actor.team_id,
                    map_id=found.id,
                    touchpoint_id=touchpoint.id,
                    action=action,
                    owner_id=draft.owner_id or None,
                    status=draft.status,
                    created_by=actor.user_id,
                )
            )
            return found.id

    def improvements(self, actor: Actor, map_id: int | None = None, page: int = 1) -> ImprovementPage:
        with self.reading_map(actor, map_id) as (session, found):
            return _page(session, actor.team_id, found, page)

    def set_status(
        self, actor: Actor, map_id: int, improvement_id: int, status: ImprovementStatus, page: int
    ) -> ImprovementPage:
        """Set an improvement's status (again: it changes nothing) and return the list's page afresh.

        The ids come from a menu's value: the improvement must be on this map, and the map this team's and
        in this channel.
        """
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            improvement = Improvements(session, actor.team_id).get(found.id, improvement_id)
            if improvement is None:
                raise UserError("That improvement is no longer on the map.")
            improvement.status = status
            return _page(session, actor.team_id, found, page)

    def take_snapshot(
        self, actor: Actor, map_id: int | None, request_key: str | None, next_version: int | None = None
    ) -> tuple[Taken, Announcement] | None:
        """Freeze the map as its next version; returns what was taken and its announcement for the
        channel, or None when already done.

        A board button passes the version it offers to take as `next_version`: a second click on the same
        board (a double click) finds that version taken and does nothing, as a retry of the request does.
        """
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            if not self.claim(session, actor, request_key):
                return None
            snapshots = Snapshots(session, actor.team_id)
            version = snapshots.latest_version(found.id) + 1
            if next_version is not None and next_version != version:
                return None
            data = capture(session, actor.team_id, found)
            snapshots.add(
                Snapshot(
                    team_id=actor.team_id,
                    map_id=found.id,
                    version=version,
                    data=data,
                    created_by=actor.user_id,
                )
            )
            taken = Taken(
                found.id, version, actor.user_id, len(data["touchpoints"]), len(data["improvements"])
            )
            return taken, Announcement(found.channel_id, SnapshotTaken(found.language, taken))

    def reminder(self, actor: Actor) -> Revisit:
        """The channel's map's revisit reminder, for any member to see."""
        with self.reading_map(actor) as (session, found):
            return self._revisit(found, Reminders(session, actor.team_id).of(found.id))

    def reminder_form(self, actor: Actor, map_id: int | None) -> Revisit:
        default_zone = self._default_zone(actor)  # asked of Slack before the transaction
        with self.reading_map(actor, map_id, facilitator=True) as (session, found):
            reminder = Reminders(session, actor.team_id).of(found.id)
            if reminder is None:
                return Revisit(Origin.of(found), None, default_zone)
            return self._revisit(found, reminder)

    def set_reminder(self, actor: Actor, map_id: int | None, schedule: str, timezone: str) -> Revisit:
        """Store when to bring the channel back to the map (facilitators): one reminder per map, updated
        when it exists, with its next fire time; `off` turns it off. With no time zone typed it keeps the
        one it has, else takes the facilitator's Slack time zone, else UTC.

        The schedule is kept as typed; UserError (on the `schedule` field) for one that can't be read or
        fires too often, and then nothing is stored.
        """
        cleaned = rules.schedule(schedule, field="schedule")
        typed = rules.timezone(timezone, field="timezone")
        default_zone = None if typed else self._default_zone(actor)  # asked before the transaction
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            reminders = Reminders(session, actor.team_id)
            existing = reminders.of(found.id)
            zone = typed or (existing.timezone if existing else None) or default_zone or DEFAULT_TIMEZONE
            next_fire_at = None
            if not grammar.is_off(cleaned):
                parsed = grammar.parse(cleaned, zone, per_day=self.reminders_per_day, field="schedule")
                next_fire_at = parsed.next_fires(self.clock(), 1)[0].astimezone(UTC)
            reminder = reminders.set(found.id, cleaned, zone, actor.user_id, next_fire_at)
            return self._revisit(found, reminder)

    def _default_zone(self, actor: Actor) -> str:
        """The person's Slack time zone when this machine knows it, else UTC."""
        try:
            return rules.timezone(self.chat.timezone(actor.team_id, actor.user_id)) or DEFAULT_TIMEZONE
        except UserError:
            return DEFAULT_TIMEZONE

    def _revisit(self, found: Map, reminder: Reminder | None) -> Revisit:
        if reminder is None:
            return Revisit(Origin.of(found), None, DEFAULT_TIMEZONE)
        if not reminder.enabled:
            return Revisit(Origin.of(found), reminder.schedule, reminder.timezone, enabled=False)
        try:
            parsed = grammar.parse(reminder.schedule, reminder.timezone, per_day=self.reminders_per_day)
        except UserError:  # stored before schedules were parsed, or the floor was raised since
            return Revisit(Origin.of(found), reminder.schedule, reminder.timezone)
        fires = parsed.next_fires(self.clock(), FIRES_SHOWN)
        return Revisit(Origin.of(found), reminder.schedule, reminder.timezone, fires=fires)


def _page(session: Session, team_id: str, found: Map, page: int) -> ImprovementPage:
    """Page `page` of the map's improvements (the nearest page there is, for a number out of range)."""
    improvements = Improvements(session, team_id)
    total = improvements.count(found.id)
    pages = max(1, -(-total // IMPROVEMENTS_PER_PAGE))
    page = min(max(page, 1), pages)
    rows = improvements.page(found.id, (page - 1) * IMPROVEMENTS_PER_PAGE, IMPROVEMENTS_PER_PAGE)
    return ImprovementPage(
        found.id, found.title, found.language, page, pages, total, [ImprovementItem(*row) for row in rows]
    )
