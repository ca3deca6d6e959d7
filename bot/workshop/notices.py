"""What the core tells a channel or a person, as plain data: the edge words it (bot/blocks/notices.py).

A notice is a frozen dataclass that says what happened and the language to say it in. The outcomes that
are notices themselves (a map's `Board`, a `RevisitPost`, a `Restored` snapshot…) live with their use
case; the notices no use case owns are here.
"""

from dataclasses import dataclass
from typing import Literal, Protocol


class Notice(Protocol):
    """Something to say, in `language` (None: the default, English)."""

    @property
    def language(self) -> str | None: ...


@dataclass(frozen=True)
class StepStarted:
    """The map moved to `step`: its prompt, for the channel."""

    language: str | None
    step: int


@dataclass(frozen=True)
class TakenOver:
    """A workspace admin became a facilitator of the map, none of its facilitators being left."""

    language: str | None
    title: str
    admin_id: str


@dataclass(frozen=True)
class MapDeleted:
    """What the deleted map's board says instead."""

    language: str | None
    title: str
    deleted_by: str


@dataclass(frozen=True)
class FailedForGood:
    """To a facilitator: `what` (a msgid) could not be posted for their map, even after retries."""

    language: str | None
    what: str
    title: str
    channel_id: str
    error: Exception


@dataclass(frozen=True)
class PictureShared:
    """The comment a map's picture is shared with: the map now, or snapshot `version`."""

    language: str | None
    title: str
    version: int | None


@dataclass(frozen=True)
class ExportShared:
    """The comment an export's files come with: who shared them in the channel, or, in a direct message,
    where they are from."""

    language: str | None
    title: str
    fmt: Literal["json", "csv", "md", "png", "svg", "pdf"]
    shared_by: str | None
    channel_id: str
