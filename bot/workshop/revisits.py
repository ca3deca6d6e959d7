"""The revisit reminder, fired: the map as it stands, what changed since the last snapshot, what is open."""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot.document.capture import capture
from bot.document.diff import Changes, changes, stale_owners
from bot.i18n import N_
from bot.method.errors import UserError
from bot.scheduling import grammar
from bot.scheduling.clock import Clock, as_utc, system_clock
from bot.scheduling.engine import Claim
from bot.workshop.board import BoardLocks
from bot.workshop.chat import Chat
from bot.workshop.images import ImagesService
from bot.workshop.iteration import ImprovementItem
from bot.workshop.scheduled import ScheduledService
from storage.db import UnitOfWork
from storage.iteration import Improvements, Reminders, Snapshots
from storage.models import Map, Reminder
from storage.repositories import Maps

logger = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=6)  # a reminder missed by less than this (the bot was down) still fires
IMPROVEMENTS_SHOWN = 10


@dataclass(frozen=True)
class RevisitPost:
    """What a revisit reminder tells the channel."""

    map_id: int
    title: str
    language: str
    version: int  # the latest snapshot's; 0 before the first
    changes: Changes | None  # since that snapshot; None before the first
    stale_owners: list[str]
    improvements: list[ImprovementItem]  # the first few not done
    open_total: int


class RevisitService(ScheduledService):
    """Fires revisit reminders: the scheduler's job for `Reminder` rows."""

    kind = "reminder"
    model = Reminder

    def __init__(
        self,
        uow: UnitOfWork,
        chat: Chat,
        board_locks: BoardLocks | None = None,
        clock: Clock = system_clock,
        *,
        images: ImagesService,
        reminders_per_day: int = grammar.DEFAULT_PER_DAY,
        grace: timedelta = DEFAULT_GRACE,
    ) -> None:
        super().__init__(uow, chat, board_locks, clock)
        self.images = images
        self.reminders_per_day = reminders_per_day
        self.grace = grace

    def too_late(self, session: Session, row: Reminder, now: datetime) -> bool:
        return row.firing_at is not None and now - as_utc(row.firing_at) > self.grace

    def next_after(self, session: Session, row: Reminder, after: datetime) -> datetime | None:
        try:
            schedule = grammar.parse(row.schedule, row.timezone, per_day=self.reminders_per_day)
        except UserError:  # the floor was raised since it was set: it stays, but no longer fires
            logger.warning("Reminder %s of team %s no longer parses: turned off", row.id, row.team_id)
            row.enabled = False
            return None
        return schedule.next_fires(after, 1)[0].astimezone(UTC)

    def run(self, claim: Claim) -> None:
        """Post the reminder in the map's channel: the picture first, then what changed, with buttons."""
        with self.uow() as session:
            found = Maps(session, claim.team_id).get(claim.map_id)
            if found is None:
                return
            post = self.revisit_post(session, claim.team_id, found)
            channel = found.channel_id
        self.images.share(claim.team_id, claim.map_id)
        self.chat.post(claim.team_id, channel, post)

    def revisit_post(self, session: Session, team_id: str, found: Map) -> RevisitPost:
        snapshots = Snapshots(session, team_id)
        version = snapshots.latest_version(found.id)
        baseline = snapshots.data_of(found.id, version) if version else None
        now = capture(session, team_id, found)
        improvements = Improvements(session, team_id)
        rows = improvements.page(found.id, 0, IMPROVEMENTS_SHOWN, open_only=True)
        return RevisitPost(
            map_id=found.id,
            title=found.title,
            language=found.language,
            version=version,
            changes=None if baseline is None else changes(baseline, now),
            stale_owners=stale_owners(baseline, now),
            improvements=[ImprovementItem(*row) for row in rows],
            open_total=improvements.count_open(found.id),
        )

    def report(self, claim: Claim, error: Exception) -> None:
        with self.uow() as session:
            reminder = Reminders(session, claim.team_id).of(claim.map_id)
            user = reminder.created_by if reminder is not None else None
        if user is not None:
            self.report_failure(claim.team_id, claim.map_id, user, N_("the revisit reminder"), error)
