"""Repositories reach only their own team's rows; the request log recognises a repeat."""

import pytest
from sqlalchemy.exc import IntegrityError

from storage.models import AuditAction, Stage
from storage.repositories import AuditLog, Maps, MapStats, RequestLog


def test_a_team_never_reaches_another_teams_map(uow):
    with uow() as session:
        ours = Maps(session, "T0OURS").add(channel_id="C1", title="Ours", language="en", created_by="U1")
        Maps(session, "T0THEIRS").add(channel_id="C1", title="Theirs", language="en", created_by="U2")
    with uow() as session:
        theirs = Maps(session, "T0THEIRS")
        assert theirs.get(ours.id) is None
        assert [m.title for m in theirs.in_channel("C1")] == ["Theirs"]
        theirs.delete(ours.id)
    with uow() as session:
        assert Maps(session, "T0OURS").get(ours.id) is not None


def test_no_repository_without_a_team(uow):
    with uow() as session, pytest.raises(ValueError):
        Maps(session, "")


def test_request_log_claims_each_key_once_per_team(uow):
    with uow() as session:
        log = RequestLog(session, "T0OURS")
        assert log.claim("command:1") is True
        assert log.claim("command:1") is False
        assert RequestLog(session, "T0THEIRS").claim("command:1") is True


def test_the_audit_log_is_per_team_and_channel_and_outlives_its_map(uow):
    with uow() as session:
        ours = Maps(session, "T0OURS").add(channel_id="C1", title="Ours", language="en", created_by="U1")
        for team, channel in (("T0OURS", "C1"), ("T0OURS", "C2"), ("T0THEIRS", "C1")):
            AuditLog(session, team).add(
                channel_id=channel,
                map_id=ours.id if (team, channel) == ("T0OURS", "C1") else None,
                actor_id="U1",
                action=AuditAction.FACILITATOR_ADDED,
                user="U2",
            )
    with uow() as session:
        maps = Maps(session, "T0OURS")
        maps.remove(maps.get(ours.id, lock=True))
    with uow() as session:
        [entry] = AuditLog(session, "T0OURS").recent("C1", 20)
        assert (entry.map_id, entry.details) == (None, {"user": "U2"})
        assert RequestLog(session, "T0OURS").applied("k") is False
        RequestLog(session, "T0OURS").claim("k")
        assert RequestLog(session, "T0OURS").applied("k") is True
        assert RequestLog(session, "T0THEIRS").applied("k") is False


def test_a_failed_transaction_leaves_nothing(uow):
    with pytest.raises(IntegrityError), uow() as session:
        Maps(session, "T0OURS").add(channel_id="C1", title="Half", language="en", created_by="U1")
        RequestLog(session, "T0OURS").claim("k")
        session.add(Stage(team_id="T0OURS", map_id=10_000, name="Orphan", phase="before", position=1))
        session.flush()
    with uow() as session:
        assert Maps(session, "T0OURS").in_channel("C1") == []
        assert RequestLog(session, "T0OURS").claim("k") is True


def test_board_counts_are_scoped_by_team(uow):
    with uow() as session:
        ours = Maps(session, "T0OURS").add(channel_id="C1", title="Ours", language="en", created_by="U1")
        session.add(Stage(team_id="T0OURS", map_id=ours.id, name="Awareness", phase="before", position=1))
    with uow() as session:
        assert MapStats(session, "T0OURS").counts(ours.id).stages == 1
        assert MapStats(session, "T0THEIRS").counts(ours.id).stages == 0
        assert MapStats(session, "T0OURS").facilitators(ours.id) == ["U1"]
        assert MapStats(session, "T0THEIRS").facilitators(ours.id) == []


def test_a_change_to_a_locked_map_bumps_its_board_version_once_per_transaction(uow):
    with uow() as session:
        ours = Maps(session, "T0OURS").add(channel_id="C1", title="Ours", language="en", created_by="U1")
    with uow() as session:
        found = Maps(session, "T0OURS").get(ours.id, lock=True)
        found.title, found.step = "Renamed", 2
    with uow() as session:
        Maps(session, "T0OURS").get(ours.id, lock=True)  # only read: no bump
    with uow() as session:
        after = Maps(session, "T0OURS").get(ours.id)
        assert (after.title, after.board_version) == ("Renamed", 1)
        assert found.board_version == 1  # the object the change went through agrees with the row


def test_a_transaction_that_deletes_a_map_it_locked_still_commits(uow):
    with uow() as session:
        ours = Maps(session, "T0OURS").add(channel_id="C1", title="Ours", language="en", created_by="U1")
    with uow() as session:
        maps = Maps(session, "T0OURS")
        session.delete(maps.get(ours.id, lock=True))  # not through remove(): still among the locked
    with uow() as session:
        assert Maps(session, "T0OURS").get(ours.id) is None
