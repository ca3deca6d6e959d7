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
        touchpoints = [t for t in touchpoints if persona in t["personas"]]
    changes: dict[int, Change] = {}
    if view == "compare" and baseline is not None:
        before = {t["id"]: t for t in baseline["touchpoints"]}
        changes = {t["id"]: _change(before.get(t["id"]), t) for t in touchpoints}
        gone = [
            t
            for t in baseline["touchpoints"]
            if t["id"] not in changes and t["stage"] in stages and t["channel"] in channels
        ]
        changes |= {t["id"]: "removed" for t in gone}
        touchpoints = [*touchpoints, *gone]
    cards = tuple(
        Card(
            stage=stages.index(t["stage"]),
            channel=channels.index(t["channel"]),
            title=t["title"],
            owner=(owners or {}).get(t["owner"] or "", ""),
            plus=t["notes"]["positive"],
            minus=t["notes"]["negative"],
            votes=t["votes"],
            evidence=t["evidence"],
            feeling=t["mean_score"],
            change=changes.get(t["id"], "unchanged"),
        )
        for t in touchpoints
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
    scored = [t for t in touchpoints if t["stage"] == stage and t["mean_score"] is not None]
    if not scored:
        return None
    low = min(t["score_range"][0] for t in scored)
    high = max(t["score_range"][1] for t in scored)
    return Feeling(mean=statistics.fmean(t["mean_score"] for t in scored), low=low, high=high)


def _change(before: dict[str, Any] | None, now: dict[str, Any]) -> Change:
    if before is None:
        return "added"
    if before["mean_score"] is None or now["mean_score"] is None:
        return "unchanged"
    delta = now["mean_score"] - before["mean_score"]
    return "score_up" if delta >= SCORE_CHANGE else "score_down" if delta <= -SCORE_CHANGE else "unchanged"
