"""Helpers for Slack's mrkdwn text."""

from bot.workshop.rules import without_bidi_controls


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
