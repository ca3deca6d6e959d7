"""The workshop's words: a journey's phases, a note's polarity, an improvement's status, their labels, and
the limits on what people type.

The enums are stored as they are, so storage/models.py keeps them with its column types (storage imports
nothing of bot); the core, the exports and the edge take them, and their labels, from here.
"""

from bot.i18n import N_
from storage.models import NAME_MAX, NOTE_MAX, TITLE_MAX, ImprovementStatus, Phase, Polarity

__all__ = [
    "NAME_MAX",
    "NOTE_MAX",
    "PHASES",
    "STATUSES",
    "TITLE_MAX",
    "ImprovementStatus",
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
