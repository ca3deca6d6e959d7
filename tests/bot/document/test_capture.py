"""A snapshot's capture: the whole map in a versioned structure, in a constant number of statements."""

from sqlalchemy import event

from bot.document.capture import capture
from storage.models import (
    Channel,
    Evidence,
    Improvement,
    ImprovementStatus,
    Map,
    Note,
    Persona,
    Phase,
    Polarity,
    Score,
    Stage,
    Touchpoint,
    Vote,
)
from storage.repositories import Maps

TEAM = "T0OURS"


def _map(session, team: str = TEAM, touchpoints: int = 1) -> Map:
    """A map with two stages, two channels, two personas and `touchpoints` analysed, improved touchpoints
    (plus one untouched)."""
    found = Maps(session, team).add(channel_id="C1", title="Checkout journey", language="en", created_by="U1")
    found.step = 4
    awareness = Stage(team_id=team, map_id=found.id, name="Awareness", phase=Phase.BEFORE, position=1)
    purchase = Stage(team_id=team, map_id=found.id, name="Purchase", phase=Phase.DURING, position=2)
    website = Channel(team_id=team, map_id=found.id, name="Website", position=1)
    email = Channel(team_id=team, map_id=found.id, name="Email", position=2)
    buyer = Persona(team_id=team, map_id=found.id, name="First-time buyer", description="New")
    returning = Persona(team_id=team, map_id=found.id, name="Returning")
    session.add_all([awareness, purchase, website, email, buyer, returning])
    session.flush()
    for n in range(touchpoints):
        checkout = Touchpoint(
            team_id=team,
            map_id=found.id,
            stage_id=purchase.id,
            channel_id=website.id,
            title=f"Checkout {n}",
            description="Pay",
            need="Pay fast",
            owner_id="U2",
            created_by="U1",
            personas=[returning, buyer],
        )
        session.add(checkout)
        session.flush()
        on = {"team_id": team, "touchpoint_id": checkout.id}
        session.add_all(
            [
                Note(**on, author_id="U1", polarity=Polarity.NEGATIVE, text="Slow"),
                Note(**on, author_id="U2", polarity=Polarity.NEGATIVE, text="Fails"),
                Note(**on, author_id="U2", polarity=Polarity.POSITIVE, text="Clear"),
                Score(**on, user_id="U1", score=-2),
                Score(**on, user_id="U2", score=-1),
                Vote(**on, map_id=found.id, user_id="U1"),
                Vote(**on, map_id=found.id, user_id="U2"),
                Evidence(
                    **on,
                    polarity=Polarity.NEGATIVE,
                    message_channel="C9",
                    message_ts=f"1.{n}",
                    permalink="https://x/p1",
                    added_by="U1",
                ),
                Improvement(
                    team_id=team,
                    map_id=found.id,
                    touchpoint_id=checkout.id,
                    action="Save the cart",
                    owner_id="U3",
                    status=ImprovementStatus.IN_PROGRESS,
                    created_by="U1",
                ),
            ]
        )
    session.add(
        Touchpoint(
            team_id=team,
            map_id=found.id,
            stage_id=awareness.id,
            channel_id=email.id,
            title="Ad",
            created_by="U1",
        )
    )
    session.flush()
    return found


def test_capture_freezes_the_whole_map_and_nothing_else(uow):
    with uow() as session:
        found = _map(session)
        _map(session, team="T0THEIRS", touchpoints=3)
        _map(session, touchpoints=2)  # another map of the same team
        data = capture(session, TEAM, found)
    checkout = data["touchpoints"][1]
    assert data == {
        "schema": "touchpoint-map/2",
        "title": "Checkout journey",
        "language": "en",
        "step": 4,
        "votes_per_person": 3,
        "stages": [
            {"name": "Awareness", "phase": "before", "position": 1},
            {"name": "Purchase", "phase": "during", "position": 2},
        ],
        "channels": [{"name": "Website", "position": 1}, {"name": "Email", "position": 2}],
        "personas": [
            {"name": "First-time buyer", "description": "New"},
            {"name": "Returning", "description": ""},
        ],
        "touchpoints": [
            {
                "id": data["touchpoints"][0]["id"],
                "stage": "Awareness",
                "channel": "Email",
                "title": "Ad",
                "description": "",
                "need": "",
                "owner": None,
                "personas": [],
                "notes": {"positive": 0, "negative": 0},
                "mean_score": None,
                "score_range": None,
                "votes": 0,
                "evidence": 0,
            },
            {
                "id": checkout["id"],
                "stage": "Purchase",
                "channel": "Website",
                "title": "Checkout 0",
                "description": "Pay",
                "need": "Pay fast",
                "owner": "U2",
                "personas": ["First-time buyer", "Returning"],
                "notes": {"positive": 1, "negative": 2},
                "mean_score": -1.5,
                "score_range": [-2, -1],
                "votes": 2,
                "evidence": 1,
            },
        ],
        "notes": [
            {"touchpoint": checkout["id"], "polarity": "negative", "text": "Slow", "author": "U1"},
            {"touchpoint": checkout["id"], "polarity": "negative", "text": "Fails", "author": "U2"},
            {"touchpoint": checkout["id"], "polarity": "positive", "text": "Clear", "author": "U2"},
        ],
        "scores": [
            {"touchpoint": checkout["id"], "user": "U1", "score": -2},
            {"touchpoint": checkout["id"], "user": "U2", "score": -1},
        ],
        "votes": [{"touchpoint": checkout["id"], "user": "U1"}, {"touchpoint": checkout["id"], "user": "U2"}],
        "evidence": [
            {
                "touchpoint": checkout["id"],
                "polarity": "negative",
                "message_channel": "C9",
                "message_ts": "1.0",
                "permalink": "https://x/p1",
                "quote": "",
                "added_by": "U1",
            }
        ],
        "improvements": [
            {"touchpoint": checkout["id"], "action": "Save the cart", "owner": "U3", "status": "in_progress"}
        ],
    }


def test_capture_takes_as_many_statements_for_a_large_map_as_for_a_small_one(uow, engine):
    def statements(touchpoints: int) -> int:
        with uow() as session:
            found = _map(session, touchpoints=touchpoints)
            counted: list[str] = []

            def count(_connection, _cursor, statement: str, *_) -> None:
                counted.append(statement)

            event.listen(engine, "before_cursor_execute", count)
            try:
                data = capture(session, TEAM, found)
            finally:
                event.remove(engine, "before_cursor_execute", count)
        assert len(data["touchpoints"]) == touchpoints + 1
        return len(counted)

    assert statements(1) == statements(60) == 10
