"""The message that opens each step in the channel."""

from bot.blocks.kit import bidi_safe, section
from bot.blocks.mrkdwn import escape
from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.method.steps import step

HOW = {
    1: N_("Use the board's *Add stage* and *Add channel* buttons, or `/touchpoint stage add <name>`."),
    2: N_(
        "Use the board's *Add touchpoint* button, `/touchpoint add <stage> / <channel> / <title>`, or the "
        "*Add to touchpoint map* shortcut on any message."
    ),
    3: N_(
        "Open the touchpoints from the board, note what works and what falls short, and vote on the pains "
        "to fix first."
    ),
    4: N_("Turn the top pains into improvements with owners, and take a snapshot of the map."),
}


def step_prompt(number: int, t: Translator) -> Message:
    current = step(number)
    heading = t("*Step {number} of 4: {name}*", number=number, name=t(current.name))
    text = f"{heading}\n{t(current.explanation)}\n{escape(t(HOW[number]))}"  # `<stage>` shown, not parsed
    return bidi_safe(Message(text=heading, blocks=[section(text)]), t)
