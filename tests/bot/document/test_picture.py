"""A map's frozen data becomes the picture's input, in each view."""

from datetime import date

import pytest

from bot.document.picture import picture_of


def _touchpoint(
    id_: int, stage: str, channel: str, score: float | None, personas=(), low=None, high=None
) -> dict:
    return {
        "id": id_,
        "stage": stage,
        "channel": channel,
        "title": f"T{id_}",
        "owner": None,
        "personas": list(personas),
        "notes": {"positive": 1, "negative": 2},
        "votes": 3,
        "evidence": 1,
        "mean_score": score,
        "score_range": None
        if score is None
        else [low if low is not None else score, high if high is not None else score],
    }


def _map(*touchpoints: dict) -> dict:
    return {
        "schema": "touchpoint-map/1",
        "title": "Checkout",
        "step": 3,
        "stages": [{"name": "Awareness", "phase": "before"}, {"name": "Purchase", "phase": "during"}],
        "channels": [{"name": "Web"}, {"name": "Email"}],
        "touchpoints": list(touchpoints),
    }


def test_whole_map_places_cards_and_sums_up_each_stages_feeling():
    data = _map(
        _touchpoint(1, "Purchase", "Email", -1.5, low=-2, high=-1),
        _touchpoint(2, "Purchase", "Web", 1.0, low=0, high=2),
        _touchpoint(3, "Awareness", "Web", None),
    )
    picture = picture_of(data, language="fa", version="v2", day=date(2026, 11, 23))
    assert [(c.stage, c.channel, c.title, c.feeling) for c in picture.cards] == [
        (1, 1, "T1", -1.5),
        (1, 0, "T2", 1.0),
        (0, 0, "T3", None),
    ]
    awareness, purchase = picture.stages
    assert awareness.feeling is None
    assert (purchase.feeling.mean, purchase.feeling.low, purchase.feeling.high) == (-0.25, -2, 2)
    assert (picture.language, picture.version, picture.step) == ("fa", "v2", 3)


def test_persona_view_keeps_that_personas_touchpoints():
    data = _map(
        _touchpoint(1, "Purchase", "Web", 0, personas=["Buyer"]), _touchpoint(2, "Purchase", "Web", 0)
    )
    picture = picture_of(
        data, language="en", version="live", day=date.today(), view="persona", persona="Buyer"
    )
    assert [c.title for c in picture.cards] == ["T1"]
    assert picture.persona == "Buyer"


def test_compare_marks_added_removed_risen_and_fallen():
    before = _map(
        _touchpoint(1, "Purchase", "Web", -1),
        _touchpoint(2, "Purchase", "Web", 1),
        _touchpoint(3, "Awareness", "Email", 0),
        _touchpoint(4, "Awareness", "Web", 0),
    )
    now = _map(
        _touchpoint(1, "Purchase", "Web", 0.5),
        _touchpoint(2, "Purchase", "Web", -1),
        _touchpoint(4, "Awareness", "Web", 0.1),
        _touchpoint(5, "Awareness", "Web", None),
    )
    picture = picture_of(
        now,
        language="ar",
        version="live",
        day=date.today(),
        view="compare",
        baseline=before,
        baseline_label="v1",
    )
    assert {c.title: c.change for c in picture.cards} == {
        "T1": "score_up",
        "T2": "score_down",
        "T4": "unchanged",
        "T5": "added",
        "T3": "removed",
    }
    assert picture.baseline == "v1"


@pytest.mark.parametrize("language", ["en", "fa", "ar"])
def test_an_empty_map_is_still_a_picture(language):
    picture = picture_of(_map(), language=language, version="live", day=date.today())
    assert picture.cards == () and len(picture.stages) == 2


def test_owners_are_named_on_their_cards():
    owned = _touchpoint(1, "Purchase", "Web", 0) | {"owner": "U0CAROL01"}
    unowned = _touchpoint(2, "Purchase", "Web", 0) | {"owner": None}
    picture = picture_of(
        _map(owned, unowned), language="en", version="live", day=date.today(), owners={"U0CAROL01": "Carol"}
    )
    assert [c.owner for c in picture.cards] == ["Carol", ""]
