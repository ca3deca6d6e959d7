"""The maps a person takes part in: every way of taking part, only their team's, in one statement."""

from sqlalchemy import event

from storage.models import Channel, Map, Persona, Phase, Stage
from storage.repositories import Maps, Participation
from tests.support.rows import add_touchpoint

OURS, THEIRS = "T0OURS", "T0THEIRS"
ME = "U0ME"


def _map(session, title: str, team: str = OURS, created_by: str = "U0OTHER") -> Map:
    return Maps(session, team).add(channel_id="C1", title=title, language="en", created_by=created_by)


def _taking_part_every_way(session, team: str = OURS) -> None:
    """One map per way of taking part, plus one where ME does nothing."""
    _map(session, "Facilitated", team, created_by=ME)
    staged = _map(session, "Staged", team)
    session.add(
        Stage(team_id=team, map_id=staged.id, name="Buy", phase=Phase.DURING, position=2, created_by=ME)
    )
    laned = _map(session, "Laned", team)
    session.add(Channel(team_id=team, map_id=laned.id, name="App", position=2, created_by=ME))
    cast = _map(session, "Cast", team)
    session.add(Persona(team_id=team, map_id=cast.id, name="Buyer", created_by=ME))
    add_touchpoint(session, _map(session, "Created", team), created_by=ME)
    add_touchpoint(session, _map(session, "Owned", team), owner=ME)
    add_touchpoint(session, _map(session, "Noted", team), noted_by=ME)
    add_touchpoint(session, _map(session, "Scored", team), scored_by=ME)
    add_touchpoint(session, _map(session, "Voted", team), voted_by=ME)
    add_touchpoint(session, _map(session, "Elsewhere", team))


def test_every_way_of_taking_part_counts_and_nothing_else(uow):
    with uow() as session:
        _taking_part_every_way(session)
    with uow() as session:
        titles = sorted(row.title for row in Participation(session, OURS).maps(ME))
    assert titles == [
        "Cast",
        "Created",
        "Facilitated",
        "Laned",
        "Noted",
        "Owned",
        "Scored",
        "Staged",
        "Voted",
    ]


def test_waiting_counts_owned_touchpoints_nobody_has_noted_or_scored(uow):
    with uow() as session:
        found = _map(session, "Checkout", created_by=ME)
        for done_by in ({}, {}, {"noted_by": "U0X"}, {"scored_by": "U0Y"}, {"voted_by": "U0Z"}):
            add_touchpoint(session, found, owner=ME, **done_by)
        add_touchpoint(session, found, owner="U0SOMEONE")
    with uow() as session:
        [row] = Participation(session, OURS).maps(ME)
    assert (row.title, row.channel_id, row.step, row.facilitator, row.waiting) == (
        "Checkout",
        "C1",
        1,
        True,
        3,
    )


def test_another_teams_maps_never_count(uow):
    with uow() as session:
        _taking_part_every_way(session, THEIRS)
    with uow() as session:
        assert Participation(session, OURS).maps(ME) == []


def test_one_statement_whatever_the_number_of_maps(engine, uow):
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    counts = []
    for _ in range(2):
        with uow() as session:
            _taking_part_every_way(session)
            session.flush()
            statements.clear()
            Participation(session, OURS).maps(ME)
            counts.append(len(statements))
    assert counts == [1, 1]
