"""The modal a trigger opens at once when the form behind it is slow to make (Slack is slow to say who is
in a channel): it waits, then the form replaces it, or what went wrong does."""

from typing import Any

from bot.blocks.kit import bidi_safe, plain, section
from bot.i18n import Translator

TITLE = "Touchpoint"  # the app's name: the same in every language


def waiting_modal(t: Translator) -> dict[str, Any]:
    return said_modal(t, "⏳ " + t("One moment…"), close=t("Cancel"))


def said_modal(t: Translator, text: str, close: str | None = None) -> dict[str, Any]:
    """A modal that says `text` (mrkdwn, worded already) in place of a form that couldn't be made."""
    view = {
        "type": "modal",
        "title": plain(TITLE),
        "close": plain(close or t("Done")),
        "blocks": [section(text)],
    }
    return bidi_safe(view, t)
