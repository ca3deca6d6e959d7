"""The workshop's words: a journey's phases, a note's polarity, an improvement's status, a timeline's two
lanes, their labels, and the limits on what people type and how much a map holds.

The enums are stored as they are, so storage/models.py keeps them with its column types (storage imports
nothing of bot); the core, the exports and the edge take them, and their labels, from here.
"""

from enum import StrEnum

from bot.i18n import N_
from bot.method.errors import Msg
from storage.models import NAME_MAX, NOTE_MAX, TITLE_MAX, ImprovementStatus, Phase, Polarity

__all__ = [
    "KIND",
    "LIMITS",
    "NAME_MAX",
    "NOTE_MAX",
    "PERSONAS_MAX",
    "PHASES",
    "PHASE_WORDS",
    "STATUSES",
    "TITLE_MAX",
    "TOO_MANY",
    "ImprovementStatus",
    "Lane",
    "Phase",
    "Polarity",
]

PHASES = {
    Phase.BEFORE: N_("Before purchase"),
    Phase.DURING: N_("During purchase"),
    Phase.AFTER: N_("After purchase"),
}
STATUSES = {
    ImprovementStatus.OPEN: N_("Open"),
    ImprovementStatus.IN_PROGRESS: N_("In progress"),
    ImprovementStatus.DONE: N_("Done"),
}
# The phases as people type them in Persian and Arabic, in a command or a CSV (English: their values).
PHASE_WORDS = {
    Phase.BEFORE: ("پیش", "قبل"),
    Phase.DURING: ("هنگام", "أثناء"),
    Phase.AFTER: ("پس", "بعد"),
}


class Lane(StrEnum):
    """The two ordered lists of a timeline."""

    STAGE = "stage"
    CHANNEL = "channel"


# Enough for any journey, and what keeps every menu and message within Slack's limits.
LIMITS = {Lane.STAGE: 50, Lane.CHANNEL: 30}
PERSONAS_MAX = 50

TOO_MANY = {
    Lane.STAGE: N_("A map can have at most {limit} stages."),
    Lane.CHANNEL: N_("A map can have at most {limit} channels."),
}

KIND = {Lane.STAGE: Msg(N_("stage")), Lane.CHANNEL: Msg(N_("channel"))}
