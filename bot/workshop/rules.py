"""The limits on what people type, checked before anything is stored."""

import unicodedata

from bot.method.errors import UserError
from bot.method.vocabulary import NAME_MAX, NOTE_MAX, TITLE_MAX
from bot.scheduling import zones

SCHEDULE_MAX = 200  # reminders.schedule
TIMEZONE_MAX = 64  # reminders.timezone

# Explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): typed into a name, one
# would reorder the rest of the bot's sentence, or close the isolate the bot puts around the name
# (bot/i18n.py). Direction marks (LRM, RLM) and joiners are harmless and kept.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_bidi_controls(text: str) -> str:
    return text.translate(_BIDI_CONTROLS)


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
