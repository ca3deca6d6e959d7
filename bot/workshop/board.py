"""What the channel's board message shows about a map: a plain snapshot for the Block Kit builders, and
the notice that the board is to show it."""

from dataclasses import dataclass

from storage.repositories import MapCounts


@dataclass(frozen=True)
class Board:
    map_id: int
    title: str
    language: str
    step: int
    blind: bool
    facilitators: list[str]
    contributors: list[str]
    counts: MapCounts
