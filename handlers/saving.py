"""Writes are committed before the ack: once Slack has the bot's answer, the change is stored, so an
instance that dies right after acking (`kill -9`, a lost host) loses nothing it acknowledged. What takes
longer (replies, the board, announcements) runs after the ack, with the write's outcome."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext

SAVED = "saved"


@dataclass(frozen=True)
class Saved:
    """What the write done before the ack returned, or the error it raised."""

    outcome: Any = None
    error: Exception | None = None

    def __deepcopy__(self, memo: dict) -> "Saved":
        return self  # Bolt deep-copies the context for lazy listeners; this is read, never changed


def save_before_ack(context: BoltContext, save: Callable[[], Any]) -> None:
    """Run the write `save` now, in the ack's thread; an error is kept for the work after the ack to
    report to the person (a block action's ack can't show one)."""
    try:
        context[SAVED] = Saved(save())
    except Exception as error:
        context[SAVED] = Saved(error=error)


def saved(context: BoltContext) -> Any:
    """The outcome of the write done before the ack; raises what it raised."""
    found: Saved = context[SAVED]
    if found.error is not None:
        raise found.error
    return found.outcome
