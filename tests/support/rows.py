"""Rows stored straight into a map, for tests that need touchpoints and what people did on them."""

from sqlalchemy.orm import Session

from storage.models import Channel, Map, Note, Phase, Polarity, Score, Stage, Touchpoint, Vote


def add_touchpoint(
    session: Session,
    found: Map,
    *,
    owner: str | None = None,
    created_by: str | None = None,
    noted_by: str | None = None,
    scored_by: str | None = None,
    voted_by: str | None = None,
) -> Touchpoint:
    """A touchpoint on a stage and channel of its own (added by the map's creator unless `created_by`),
    with a note, a score or a vote from whoever is named."""
    team = found.team_id
    stage = Stage(team_id=team, map_id=found.id, name="Awareness", phase=Phase.BEFORE, position=1)
    lane = Channel(team_id=team, map_id=found.id, name="Website", position=1)
    session.add_all([stage, lane])
    session.flush()
    touchpoint = Touchpoint(
        team_id=team,
        map_id=found.id,
        stage_id=stage.id,
        channel_id=lane.id,
        title="Ad",
        owner_id=owner,
        created_by=created_by or found.created_by,
    )
    session.add(touchpoint)
    session.flush()
    if noted_by:
        session.add(
            Note(
                team_id=team,
                touchpoint_id=touchpoint.id,
                author_id=noted_by,
                polarity=Polarity.NEGATIVE,
                text="Slow",
            )
        )
    if scored_by:
        session.add(Score(team_id=team, touchpoint_id=touchpoint.id, user_id=scored_by, score=-1))
    if voted_by:
        session.add(Vote(team_id=team, map_id=found.id, touchpoint_id=touchpoint.id, user_id=voted_by))
    return touchpoint
