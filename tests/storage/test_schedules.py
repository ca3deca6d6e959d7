"""A team's schedules: paused and resumed by channel, stopped for good on uninstall, each team's alone."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage.models import Deadline, Map, Nudge, Reminder
from storage.repositories import Maps
from storage.schedules import DueItems, Schedules, stop_team_schedules

NOW = datetime(2025, 3, 26, 12, 0, tzinfo=UTC)
OURS, THEIRS = "T0OURS", "T0THEIRS"


def _scheduled(session, team: str, channel: str = "C1") -> Map:
    """A map with a reminder, a deadline and a nudge, all due a minute ago."""
    found = Maps(session, team).add(channel_id=channel, title="Journey", language="en", created_by="U1")
    due = {"team_id": team, "map_id": found.id, "next_fire_at": NOW - timedelta(minutes=1)}
    deadline = Deadline(**due, step=1, due_at=NOW, timezone="UTC", created_by="U1")
    session.add_all([Reminder(**due, schedule="every day", created_by="U1"), deadline])
    session.flush()
    session.add(Nudge(**due, deadline_id=deadline.id, user_id="U2", timezone="UTC"))
    session.flush()
    return found


def _due(session) -> dict[str, list[str]]:
    return {
        model.__tablename__: sorted(row.team_id for row in DueItems(session, model).claim(NOW, 10))
        for model in (Reminder, Deadline, Nudge)
    }


def _each(teams: list[str]) -> dict[str, list[str]]:
    return {table: teams for table in ("reminders", "deadlines", "nudges")}


def test_a_paused_channel_has_nothing_due_until_resumed(uow):
    with uow() as session:
        _scheduled(session, OURS)
        _scheduled(session, OURS, "C2")
        _scheduled(session, THEIRS)  # the same channel id in another workspace
    with uow() as session:
        assert Schedules(session, OURS).pause_channel("C1") == 1
        assert Schedules(session, OURS).pause_channel("C1") == 0  # already
    with uow() as session:
        assert _due(session) == _each([OURS, THEIRS])
    with uow() as session:
        assert Schedules(session, OURS).resume_channel("C1") == 1
    with uow() as session:
        assert _due(session) == _each([OURS, OURS, THEIRS])


def test_an_uninstalled_team_has_nothing_scheduled_any_more(uow):
    with uow() as session:
        _scheduled(session, OURS)
        _scheduled(session, THEIRS)
    with uow() as session:
        stop_team_schedules(session, OURS)
    with uow() as session:
        assert _due(session) == _each([THEIRS])
        assert session.scalars(select(Reminder.enabled).order_by(Reminder.team_id)).all() == [False, True]
