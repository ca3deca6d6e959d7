"""From a map's frozen data (a snapshot, or the live map captured the same way) to the picture's input."""

import statistics
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.render.model import Card, Change, Feeling, Language, MapPicture, Stage, View

# A score must move this much between two versions to count as risen or fallen.
SCORE_CHANGE = 0.25


def picture_of(
    data: dict[str, Any],
    *,
    language: Language,
    version: str,
    day: date,
    view: View = "whole",
    persona: str | None = None,
    baseline: dict[str, Any] | None = None,
    baseline_label: str | None = None,
    owners: Mapping[str, str] | None = None,
) -> MapPicture:
    """The picture of `data` (schema touchpoint-map/1) in one of the views.

    persona: only that persona's touchpoints; compare: the cards of both versions, each marked added,
    removed, risen or fallen against `baseline`.
    """
    stages = [each["name"] for each in data["stages"]]
    channels = [each["name"] for each in data["channels"]]
    touchpoints = data["touchpoints"]
    if view == "persona":
        touchpoints = [tp for tp in touchpoints if persona in tp["personas"]]
    changes: dict[int, Change] = {}
    if view == "compare" and baseline is not None:
        before = {tp["id"]: tp for tp in baseline["touchpoints"]}
        changes = {tp["id"]: _change(before.get(tp["id"]), tp) for tp in touchpoints}
        gone = [
            tp
            for tp in baseline["touchpoints"]
            if tp["id"] not in changes and tp["stage"] in stages and tp["channel"] in channels
        ]
        changes |= {tp["id"]: "removed" for tp in gone}
        touchpoints = [*touchpoints, *gone]
    cards = tuple(
        Card(
            stage=stages.index(tp["stage"]),
            channel=channels.index(tp["channel"]),
            title=tp["title"],
            owner=(owners or {}).get(tp["owner"] or "", ""),
            plus=tp["notes"]["positive"],
            minus=tp["notes"]["negative"],
            votes=tp["votes"],
            evidence=tp["evidence"],
            feeling=tp["mean_score"],
            change=changes.get(tp["id"], "unchanged"),
        )
        for tp in touchpoints
    )
    return MapPicture(
        title=data["title"],
        language=language,
        step=data["step"],
        version=version,
        date=day,
        stages=tuple(
            Stage(name=each["name"], phase=each["phase"], feeling=_feeling(each["name"], data["touchpoints"]))
            for each in data["stages"]
        ),
        channels=tuple(channels),
        cards=cards,
        view=view,
        persona=persona,
        baseline=baseline_label,
    )


def _feeling(stage: str, touchpoints: list[dict[str, Any]]) -> Feeling | None:
    """The stage's mean feeling, with the spread between the lowest and highest score anyone gave."""
    scored = [tp for tp in touchpoints if tp["stage"] == stage and tp["mean_score"] is not None]
    if not scored:
        return None
    low = min(tp["score_range"][0] for tp in scored)
    high = max(tp["score_range"][1] for tp in scored)
    return Feeling(mean=statistics.fmean(tp["mean_score"] for tp in scored), low=low, high=high)


def _change(before: dict[str, Any] | None, now: dict[str, Any]) -> Change:
    if before is None:
        return "added"
    if before["mean_score"] is None or now["mean_score"] is None:
        return "unchanged"
    delta = now["mean_score"] - before["mean_score"]
    return "score_up" if delta >= SCORE_CHANGE else "score_down" if delta <= -SCORE_CHANGE else "unchanged"
