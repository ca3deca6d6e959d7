"""What changed between two versions of a map (the pure comparison of two snapshot dicts), and whose
touchpoints nobody has touched."""

import copy

from bot.document.diff import Moved, Place, Rescored, changes, stale_owners


def _touchpoint(number: int, stage: str, channel: str, score: float | None = None, **more) -> dict:
    return {
        "id": number,
        "stage": stage,
        "channel": channel,
        "title": f"T{number}",
        "notes": {"positive": 1, "negative": 1},
        "mean_score": score,
        "votes": 1,
        **more,
    }


def _version(*touchpoints: dict, stages=("آگاهی", "خرید"), channels=("وب‌سایت",), improvements=()) -> dict:
    return {
        "stages": [{"name": name} for name in stages],
        "channels": [{"name": name} for name in channels],
        "touchpoints": list(touchpoints),
        "improvements": list(improvements),
    }


def test_the_same_version_has_no_changes():
    version = _version(_touchpoint(1, "آگاهی", "وب‌سایت", -1.0))
    found = changes(version, copy.deepcopy(version))
    assert found.empty and not found.touchpoints_changed


def test_added_removed_moved_renamed_and_rescored_touchpoints():
    before = _version(
        _touchpoint(1, "آگاهی", "وب‌سایت", -1.0),
        _touchpoint(2, "آگاهی", "وب‌سایت", 1.0),
        _touchpoint(3, "خرید", "وب‌سایت"),
        _touchpoint(4, "خرید", "وب‌سایت", 0.0),
    )
    after = _version(
        _touchpoint(1, "خرید", "وب‌سایت", -1.0),  # moved
        _touchpoint(2, "آگاهی", "وب‌سایت", 1.1),  # a small change of score: not counted
        _touchpoint(4, "خرید", "وب‌سایت", -0.5, title="T4 renamed"),  # renamed, and its feeling fell
        _touchpoint(5, "پشتیبانی", "ایمیل"),
        stages=("آگاهی", "خرید", "پشتیبانی"),
        channels=("وب‌سایت", "ایمیل"),
        improvements=[{"touchpoint": 5, "action": "Reply in a day", "owner": None, "status": "done"}],
    )
    found = changes(before, after)
    assert found.added == [Place("T5", "پشتیبانی", "ایمیل")]
    assert found.removed == [Place("T3", "خرید", "وب‌سایت")]
    assert found.moved == [Moved(Place("T1", "آگاهی", "وب‌سایت"), Place("T1", "خرید", "وب‌سایت"))]
    assert found.renamed == [Moved(Place("T4", "خرید", "وب‌سایت"), Place("T4 renamed", "خرید", "وب‌سایت"))]
    assert found.rose == []
    assert found.fell == [Rescored(Place("T4 renamed", "خرید", "وب‌سایت"), 0.0, -0.5)]
    assert (found.stages_added, found.stages_removed) == (["پشتیبانی"], [])
    assert (found.channels_added, found.channels_removed) == (["ایمیل"], [])
    assert (found.noted, found.done) == ([], ["Reply in a day"])
    assert (found.notes, found.votes, found.improvements, found.improvements_done) == (
        (8, 8),
        (4, 4),
        (0, 1),
        (0, 1),
    )
    assert not found.empty


def test_a_renamed_stage_is_one_removed_and_one_added_and_its_touchpoints_moved():
    before = _version(_touchpoint(1, "خرید", "وب‌سایت", 1.0))
    after = _version(_touchpoint(1, "پرداخت", "وب‌سایت", 2.0), stages=("آگاهی", "پرداخت"))
    found = changes(before, after)
    assert (found.stages_added, found.stages_removed) == (["پرداخت"], ["خرید"])
    assert [m.after.stage for m in found.moved] == ["پرداخت"]
    assert found.rose == [Rescored(Place("T1", "پرداخت", "وب‌سایت"), 1.0, 2.0)]


def test_new_notes_and_improvements_done_since():
    plan = {"touchpoint": 1, "action": "Save the cart", "owner": "U1", "status": "open"}
    before = _version(_touchpoint(1, "خرید", "وب‌سایت"), _touchpoint(2, "خرید", "وب‌سایت"), improvements=[plan])
    after = _version(
        _touchpoint(1, "خرید", "وب‌سایت", notes={"positive": 1, "negative": 3}),
        _touchpoint(2, "خرید", "وب‌سایت", notes={"positive": 0, "negative": 1}),  # one removed: not new
        improvements=[{**plan, "status": "done"}, {**plan, "action": "Still open", "status": "in_progress"}],
    )
    found = changes(before, after)
    assert (found.noted, found.notes_added) == ([Place("T1", "خرید", "وب‌سایت")], 2)
    assert found.done == ["Save the cart"]
    assert found.touchpoints_changed and not found.empty


def test_stale_owners_are_those_of_untouched_touchpoints():
    before = _version(
        _touchpoint(1, "خرید", "وب‌سایت", owner="U1"),
        _touchpoint(2, "خرید", "وب‌سایت", owner="U2"),
        _touchpoint(3, "خرید", "وب‌سایت", owner=None),
    )
    after = _version(
        _touchpoint(1, "خرید", "وب‌سایت", owner="U1"),
        _touchpoint(2, "خرید", "وب‌سایت", owner="U2", votes=2),
        _touchpoint(3, "خرید", "وب‌سایت", owner=None),
        _touchpoint(4, "خرید", "وب‌سایت", owner="U1"),
    )
    assert stale_owners(before, after) == ["U1"]
    # Without a snapshot: the owners of touchpoints nobody has noted or scored yet.
    fresh = {"positive": 0, "negative": 0}
    scored = _version(
        _touchpoint(1, "خرید", "وب‌سایت", 1.0, owner="U1", notes=fresh),
        _touchpoint(2, "خرید", "وب‌سایت", owner="U2", notes=fresh),
    )
    assert stale_owners(None, scored) == ["U2"]
