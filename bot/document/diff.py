"""What changed between two versions of a map: a pure function over two snapshot dicts.

`changes(before, after)` takes two documents of bot/document/capture.py's structure (two snapshots, or a
snapshot and the live map captured the same way) and says which touchpoints were added, removed, moved
to another stage or channel, or renamed, whose feeling score rose or fell, which stages and channels came
and went, which touchpoints got new notes, which improvements were done, and how the counts of notes,
votes and improvements moved. `/touchpoint compare` shows it, and so does a revisit reminder ("what
changed since the last snapshot").

Touchpoints are matched by id: versions of one map share them (a restored snapshot keeps them too).
Stages and channels are matched by name, so a renamed stage shows as one removed and one added, and its
touchpoints as moved. A score counts as changed when the mean moved by `SCORE_CHANGE` or more, as on the
compare picture.
"""

from dataclasses import dataclass, field
from typing import Any

from bot.document.picture import SCORE_CHANGE


@dataclass(frozen=True)
class Place:
    """A touchpoint as a version shows it."""

    title: str
    stage: str
    channel: str


@dataclass(frozen=True)
class Moved:
    before: Place
    after: Place


@dataclass(frozen=True)
class Rescored:
    touchpoint: Place
    before: float
    after: float


@dataclass(frozen=True)
class Changes:
    added: list[Place] = field(default_factory=list)
    removed: list[Place] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)  # to another stage or channel
    renamed: list[Moved] = field(default_factory=list)  # same place, a new title
    rose: list[Rescored] = field(default_factory=list)
    fell: list[Rescored] = field(default_factory=list)
    noted: list[Place] = field(default_factory=list)  # touchpoints with new notes
    notes_added: int = 0  # on them
    done: list[str] = field(default_factory=list)  # the actions of improvements done since
    stages_added: list[str] = field(default_factory=list)
    stages_removed: list[str] = field(default_factory=list)
    channels_added: list[str] = field(default_factory=list)
    channels_removed: list[str] = field(default_factory=list)
    # (before, after) totals; a touchpoint-map/1 snapshot counts notes and votes from its touchpoints.
    notes: tuple[int, int] = (0, 0)
    votes: tuple[int, int] = (0, 0)
    improvements: tuple[int, int] = (0, 0)
    improvements_done: tuple[int, int] = (0, 0)

    @property
    def touchpoints_changed(self) -> bool:
        return any((self.added, self.removed, self.moved, self.renamed, self.rose, self.fell, self.noted))

    @property
    def empty(self) -> bool:
        lanes = (self.stages_added, self.stages_removed, self.channels_added, self.channels_removed)
        totals = (self.notes, self.votes, self.improvements, self.improvements_done)
        return (
            not self.touchpoints_changed
            and not self.done
            and not any(lanes)
            and all(a == b for a, b in totals)
        )


def changes(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """What changed from `before` to `after` (in the order of `after`'s timeline, removals in `before`'s)."""
    old = {tp["id"]: tp for tp in before["touchpoints"]}
    new = {tp["id"]: tp for tp in after["touchpoints"]}
    moved: list[Moved] = []
    renamed: list[Moved] = []
    rose: list[Rescored] = []
    fell: list[Rescored] = []
    noted: list[Place] = []
    notes_added = 0
    for touchpoint_id, now in new.items():
        then = old.get(touchpoint_id)
        if then is None:
            continue
        if (then["stage"], then["channel"]) != (now["stage"], now["channel"]):
            moved.append(Moved(_place(then), _place(now)))
        elif then["title"] != now["title"]:
            renamed.append(Moved(_place(then), _place(now)))
        added_notes = sum(
            max(0, now["notes"][side] - then["notes"][side]) for side in ("positive", "negative")
        )
        if added_notes:
            noted.append(_place(now))
            notes_added += added_notes
        if then["mean_score"] is not None and now["mean_score"] is not None:
            delta = now["mean_score"] - then["mean_score"]
            if abs(delta) >= SCORE_CHANGE:
                (rose if delta > 0 else fell).append(
                    Rescored(_place(now), then["mean_score"], now["mean_score"])
                )
    return Changes(
        added=[_place(t) for i, t in new.items() if i not in old],
        removed=[_place(t) for i, t in old.items() if i not in new],
        moved=moved,
        renamed=renamed,
        rose=rose,
        fell=fell,
        noted=noted,
        notes_added=notes_added,
        done=_done_since(before, after),
        stages_added=_names(after["stages"], before["stages"]),
        stages_removed=_names(before["stages"], after["stages"]),
        channels_added=_names(after["channels"], before["channels"]),
        channels_removed=_names(before["channels"], after["channels"]),
        notes=(_notes(before), _notes(after)),
        votes=(_votes(before), _votes(after)),
        improvements=(len(before["improvements"]), len(after["improvements"])),
        improvements_done=(_done(before), _done(after)),
    )


def _place(touchpoint: dict[str, Any]) -> Place:
    return Place(touchpoint["title"], touchpoint["stage"], touchpoint["channel"])


def _names(these: list[dict[str, Any]], those: list[dict[str, Any]]) -> list[str]:
    """The names in `these` that aren't in `those`."""
    known = {each["name"] for each in those}
    return [each["name"] for each in these if each["name"] not in known]


def _notes(data: dict[str, Any]) -> int:
    return sum(tp["notes"]["positive"] + tp["notes"]["negative"] for tp in data["touchpoints"])


def _votes(data: dict[str, Any]) -> int:
    return sum(tp["votes"] for tp in data["touchpoints"])


def _done(data: dict[str, Any]) -> int:
    return sum(1 for i in data["improvements"] if i["status"] == "done")


def _done_since(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The actions of the improvements done in `after` that weren't done in `before`."""
    done_before = {(i["touchpoint"], i["action"]) for i in before["improvements"] if i["status"] == "done"}
    return [
        i["action"]
        for i in after["improvements"]
        if i["status"] == "done" and (i["touchpoint"], i["action"]) not in done_before
    ]


def stale_owners(before: dict[str, Any] | None, now: dict[str, Any]) -> list[str]:
    """The owners of touchpoints nobody has touched: unchanged since the snapshot `before`, or, without
    one, never noted nor scored. Each owner once, in the map's order."""
    was = {tp["id"]: tp for tp in before["touchpoints"]} if before is not None else {}
    owners: list[str] = []
    for touchpoint in now["touchpoints"]:
        owner = touchpoint["owner"]
        if not owner or owner in owners:
            continue
        untouched = (
            was.get(touchpoint["id"]) == touchpoint
            if before is not None
            else not any(touchpoint["notes"].values()) and touchpoint["mean_score"] is None
        )
        if untouched:
            owners.append(owner)
    return owners
