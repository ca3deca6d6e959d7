"""The list of maps in a channel."""

from bot.blocks.kit import Reader, bidi_safe, section
from bot.blocks.mrkdwn import escape
from bot.gateway import Message
from bot.method.steps import step
from bot.workshop.flow import MapListing


def map_list(maps: list[MapListing], t: Reader) -> Message:
    if not maps:
        text = escape(
            t("There is no touchpoint map in this channel yet: start one with `/touchpoint new <title>`.")
        )
        return bidi_safe(Message(text=text, blocks=[section(text)]), t)
    lines = [t("*Touchpoint maps in this channel*")]
    for each in maps:
        line = t(
            "{title}: step {number}, {name}",
            title=escape(each.title),
            number=each.step,
            name=t(step(each.step).name),
        )
        lines.append(("▶️ " + line + " " + t("(in use)")) if each.focused else "▫️ " + line)
    if len(maps) > 1:
        lines.append(escape(t("Switch with `/touchpoint use <title>`.")))
    text = "\n".join(lines)
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)
