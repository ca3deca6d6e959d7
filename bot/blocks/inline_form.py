"""A form Slack was too busy to open as a modal, as a message only the person sees.

Slack opens about 100 modals a minute in a workspace (views.open is Tier 4), and a click's trigger lives
3 seconds: when a whole room clicks at once, the rest are refused. Input blocks work in messages as in
modals, and a reply through the click's response_url counts against no Web API budget, so the form comes
as an ephemeral message instead, with the modal's own fields and buttons. Its *Save* submits what was
entered (the message's `state`, which Slack sends with the click) as the modal would have been.
"""

import json
from typing import Any

from bot.blocks.ids import Action, View
from bot.blocks.kit import MESSAGE_BLOCKS, actions, bidi_safe, button, context, section
from bot.blocks.mrkdwn import escape
from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.method.errors import UserError

# The forms that can come as a message: a submission that only saves (no file to read, no menu that asks
# the bot for its options as the person types). The ones a crowd opens together.
INLINE_FORMS = frozenset({View.ADD_TOUCHPOINT, View.ADD_PERSONA, View.ANALYSE})
WHY = N_(
    "Slack is too busy to open a window just now, so here is the form: press *{save}* when it is filled in."
)
BUTTON_VALUE_MAX = 2000  # docs.slack.dev/reference/block-kit/block-elements/button-element


def inline_form(t: Translator, view: dict[str, Any]) -> Message | None:
    """The modal `view` as a message, its title and a word on why first, its *Save* and *Cancel* last;
    None for a form that can't come as a message."""
    value = json.dumps({"form": view.get("callback_id"), "meta": view.get("private_metadata", "")})
    fields = [_unfocused(block) for block in view.get("blocks", [])]
    fits = len(value) <= BUTTON_VALUE_MAX and len(fields) + 3 <= MESSAGE_BLOCKS
    if view.get("callback_id") not in INLINE_FORMS or not fits:
        return None
    title, save = view["title"]["text"], view["submit"]["text"]
    blocks = [
        section(f"*{escape(title)}*"),
        context(t(WHY, save=escape(save))),
        *fields,
        actions(
            button(save, Action.INLINE_SAVE, value, style="primary"),
            button(view["close"]["text"], Action.INLINE_CANCEL, "cancel"),
        ),
    ]
    return bidi_safe(Message(text=title, blocks=blocks), t)


def submitted(value: str) -> tuple[View, str]:
    """The form a *Save* button submits, and its modal's private_metadata; anything else is refused."""
    try:
        read = json.loads(value)
        form, metadata = View(read["form"]), read["meta"]
    except (ValueError, KeyError, TypeError):
        raise UserError("That button or form is no longer valid.") from None
    if form not in INLINE_FORMS or not isinstance(metadata, str):
        raise UserError("That button or form is no longer valid.")
    return form, metadata


def _unfocused(block: dict[str, Any]) -> dict[str, Any]:
    """`block` without `focus_on_load`, which only a view takes."""
    element = block.get("element")
    if not isinstance(element, dict) or "focus_on_load" not in element:
        return block
    return {**block, "element": {k: v for k, v in element.items() if k != "focus_on_load"}}
