"""The limits on what people type, checked before anything is stored."""

import unicodedata

from bot.blocks.mrkdwn import without_bidi_controls
from bot.scheduling import zones
from bot.workshop.errors import UserError
from storage.models import NAME_MAX, NOTE_MAX, TITLE_MAX

SCHEDULE_MAX = 200  # reminders.schedule
TIMEZONE_MAX = 64  # reminders.timezone


def visible(text: str) -> str:
    """`text` without control characters (NUL, escapes, C1 controls, the separators U+001C–U+001F that
    Python counts as white space: PostgreSQL can't even store NUL) or bidi overrides; line breaks and tabs
    are kept."""
    return "".join(
        c for c in without_bidi_controls(text) if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs")
    )


def clean(text: str | None, *, limit: int, field: str | None = None, required: bool = True) -> str:
    """`text`, `visible`, with runs of white space folded to one; UserError when it is empty or too long.

    Line breaks are kept (a note may have paragraphs); other white space is folded.
    """
    lines = [" ".join(line.split()) for line in visible(text or "").strip().splitlines()]
    cleaned = "\n".join(lines).strip()
    if required and not cleaned:
        raise UserError("This can't be empty.", field=field)
    if len(cleaned) > limit:
        raise UserError(
            "This can be at most {limit} characters; it has {length}.",
            field=field,
            limit=limit,
            length=len(cleaned),
        )
    return cleaned


def name(text: str | None, field: str | None = None) -> str:
    return clean(text, limit=NAME_MAX, field=field)


def title(text: str | None, field: str | None = None) -> str:
    return clean(text, limit=TITLE_MAX, field=field)


def note(text: str | None, field: str | None = None, required: bool = False) -> str:
    return clean(text, limit=NOTE_MAX, field=field, required=required)


def schedule(text: str | None, field: str | None = None) -> str:
    return clean(text, limit=SCHEDULE_MAX, field=field)


def timezone(text: str | None, field: str | None = None) -> str | None:
    """The canonical name of the time zone typed (`tehran`, `تهران` → Asia/Tehran, `+3:30` → UTC+03:30, as
    `zones` reads them); None when none was typed."""
    zone = clean(text, limit=TIMEZONE_MAX, field=field, required=False)
    return zones.resolve(zone, field) if zone else None
