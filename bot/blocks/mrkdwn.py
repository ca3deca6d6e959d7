"""Helpers for Slack's mrkdwn text."""

# Explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): typed into a name, one
# would reorder the rest of the bot's sentence, or close the isolate the bot puts around the name
# (bot/i18n.py). Direction marks (LRM, RLM) and joiners are harmless and kept.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_bidi_controls(text: str) -> str:
    return text.translate(_BIDI_CONTROLS)


def escape(text: str) -> str:
    """Escape user text for mrkdwn so it cannot mention, link, break formatting or reorder the text
    around it."""
    return without_bidi_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def shorten(text: str, limit: int) -> str:
    """`text` escaped, then cut with an ellipsis to at most `limit` characters, never inside an escape."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    entity = cut.rfind("&")
    if entity != -1 and ";" not in cut[entity:]:
        cut = cut[:entity]
    return cut + "…"
