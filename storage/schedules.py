"""What the scheduler finds due, and a channel's or a team's schedules paused, resumed or stopped."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import false, func, select, true, update
from sqlalchemy.orm import Session

from storage.models import Deadline, Due, Map, Nudge, Reminder
from storage.repositories import TeamScoped, rowcount

DUE_MODELS: tuple[type[Due], ...] = (Reminder, Deadline, Nudge)


class DueItems:
    """One kind of due row (reminders, deadlines or nudges) across every team: the scheduler serves all
    workspaces from one queue. It is the one reader not scoped by team; whatever works on a claimed row
    then goes through team-scoped repositories, with the team id the row carries."""

    def __init__(self, session: Session, model: type[Due]) -> None:
        self.session = session
        self.model = model

    def claim(self, now: datetime, limit: int) -> Sequence[Due]:
        """Up to `limit` rows due at `now`, earliest first, locked until the transaction ends.

        On PostgreSQL rows another transaction holds are skipped (`FOR UPDATE … SKIP LOCKED`), so processes
        sharing the database each take different rows; SQLite lets one writer in at a time (BEGIN
        IMMEDIATE, storage/db.py), so the next one sees the rows already moved on. Rows of a paused map
        (archived channel, bot removed) are left where they are.
        """
        model = self.model
        query = (
            select(model)
            .join(Map, Map.id == model.map_id)
            .where(model.next_fire_at <= now, Map.schedules_paused == false())
            .order_by(model.next_fire_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=model)
        )
        return self.session.scalars(query).all()

    def get(self, item_id: int) -> Due | None:
        """The row, locked until the transaction ends (None once it is deleted)."""
        query = select(self.model).where(self.model.id == item_id).with_for_update()
        return self.session.scalar(query)


def next_due(session: Session) -> datetime | None:
    """When the scheduler next has something to fire (a reminder, deadline or nudge of a map whose
    schedules aren't paused), in any team; None when nothing is scheduled."""
    times = [
        session.scalar(
            select(func.min(model.next_fire_at))
            .join(Map, Map.id == model.map_id)
            .where(model.next_fire_at.is_not(None), Map.schedules_paused == false())
        )
        for model in DUE_MODELS
    ]
    return min((t for t in times if t is not None), default=None)


class Schedules(TeamScoped):
    """Everything a team has scheduled, by channel."""

    def pause_channel(self, channel_id: str) -> int:
        """The channel was archived or the bot removed from it: its maps' schedules wait. Returns how many
        maps were paused."""
        return self._set_paused(channel_id, paused=True)

    def resume_channel(self, channel_id: str) -> int:
        """The channel is back: anything missed meanwhile fires if still within its grace, else moves on."""
        return self._set_paused(channel_id, paused=False)

    def _set_paused(self, channel_id: str, *, paused: bool) -> int:
        statement = (
            update(Map)
            .where(Map.team_id == self.team_id, Map.channel_id == channel_id)
            .where(Map.schedules_paused == (false() if paused else true()))
            .values(schedules_paused=paused)
        )
        return rowcount(self.session.execute(statement))

    def stop(self) -> None:
        """Nothing of the team's fires again (the app was uninstalled): reminders are turned off, deadlines
        and nudges dropped from the queue. The rows stay, so a reinstall shows what was set."""
        for model in DUE_MODELS:
            values: dict[str, object] = {"next_fire_at": None, "firing_at": None, "attempts": 0}
            if model is Reminder:
                values["enabled"] = False
            self.session.execute(update(model).where(model.team_id == self.team_id).values(**values))


def stop_team_schedules(session: Session, team_id: str) -> None:
    """For the app's uninstall (`app_uninstalled`, `tokens_revoked`): stop every schedule of the team."""
    Schedules(session, team_id).stop()
