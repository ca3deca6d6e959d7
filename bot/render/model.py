"""What a map picture shows: the typed input of `render`, filled from the database or from the demo.

Every field is plain data a few aggregate queries can fill: one row per stage (with the feeling
scores' mean, min and max over that stage), one per channel and one per touchpoint (with its note,
vote and evidence counts and its mean feeling score).
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

Language = Literal["en", "fa", "ar"]
Phase = Literal["before", "during", "after"]
View = Literal["whole", "persona", "pains", "compare"]
Change = Literal["unchanged", "added", "removed", "score_up", "score_down"]
VIEWS: tuple[View, ...] = get_args(View)

SCORE_MIN = -2.0
SCORE_MAX = 2.0
_ROUNDING = 1e-9  # means computed in floating point may overshoot their bounds by this much


@dataclass(frozen=True)
class Feeling:
    """The feeling scores given at one stage: their mean and the spread between people."""

    mean: float
    low: float
    high: float

    def __post_init__(self) -> None:
        if not (_within(self.low, SCORE_MIN, self.mean) and _within(self.high, self.mean, SCORE_MAX)):
            raise ValueError(f"a feeling needs {SCORE_MIN} <= low <= mean <= high <= {SCORE_MAX}: {self}")


@dataclass(frozen=True)
class Stage:
    """A column of the map, in timeline order."""

    name: str
    phase: Phase
    feeling: Feeling | None = None


@dataclass(frozen=True)
class Card:
    """A touchpoint, placed by the index of its stage and of its channel."""

    stage: int
    channel: int
    title: str
    owner: str = ""
    plus: int = 0
    minus: int = 0
    votes: int = 0
    evidence: int = 0
    feeling: float | None = None
    change: Change = "unchanged"

    @property
    def is_pain(self) -> bool:
        """Whether the pain-points view shows it: someone noted a negative or voted on it."""
        return self.minus > 0 or self.votes > 0


@dataclass(frozen=True)
class MapPicture:
    """A map as the picture shows it: the header's facts, the timeline, the channels and the cards.

    For the persona view the cards are already those of the persona (`persona` names it); for the
    compare view each card carries its `change` against the snapshot named by `baseline`, and the
    removed cards are included.
    """

    title: str
    language: Language
    step: int
    version: str
    date: date
    stages: tuple[Stage, ...]
    channels: tuple[str, ...]
    cards: tuple[Card, ...] = ()
    view: View = "whole"
    persona: str | None = None
    baseline: str | None = None

    def __post_init__(self) -> None:
        if self.language not in get_args(Language):
            raise ValueError(f"unknown language {self.language!r}")
        if self.view not in VIEWS:
            raise ValueError(f"unknown view {self.view!r}")
        for card in self.cards:
            if not (0 <= card.stage < len(self.stages) and 0 <= card.channel < len(self.channels)):
                raise ValueError(
                    f"card {card.title!r} is outside the {len(self.stages)}×{len(self.channels)} grid"
                )
            if (
                card.feeling is not None
                and not SCORE_MIN - _ROUNDING <= card.feeling <= SCORE_MAX + _ROUNDING
            ):
                raise ValueError(f"card {card.title!r} has a feeling outside {SCORE_MIN}..{SCORE_MAX}")


def _within(value: float, low: float, high: float) -> bool:
    return low - _ROUNDING <= value <= high + _ROUNDING
