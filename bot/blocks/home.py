"""The Home tab: the maps a person takes part in, or a welcome when there are none yet."""

from typing import Any

from bot.blocks.kit import Block, bidi_safe, context, plain, section
from bot.blocks.mrkdwn import escape
from bot.i18n import Translator
from bot.method.steps import step
from bot.workshop.home import HomeMap

# One section per map keeps the tab well under Slack's 100 blocks; each title is at most 150 characters.
MAPS_SHOWN = 30


def home_view(maps: list[HomeMap], t: Translator) -> dict[str, Any]:
    blocks: list[Block] = [{"type": "header", "text": plain(t("Touchpoint"))}]
    if not maps:
        blocks.append(section(_welcome(t)))
        return bidi_safe({"type": "home", "blocks": blocks}, t)
    blocks.append(
        context(
            t.plural(
                "You take part in {count} touchpoint map.",
                "You take part in {count} touchpoint maps.",
                len(maps),
            )
        )
    )
    blocks.append({"type": "divider"})
    blocks.extend(section(_map(each, t)) for each in maps[:MAPS_SHOWN])
    more = len(maps) - MAPS_SHOWN
    if more > 0:
        blocks.append(context(t("and {count} more", count=more)))
    return bidi_safe({"type": "home", "blocks": blocks}, t)


def guest_home_view(said: str, t: Translator) -> dict[str, Any]:
    """The Home tab of a guest from another organisation: `said` (why they see no map), and nothing else."""
    blocks: list[Block] = [{"type": "header", "text": plain(t("Touchpoint"))}, section(said)]
    return bidi_safe({"type": "home", "blocks": blocks}, t)


def _welcome(t: Translator) -> str:
    return escape(
        t(
            "*Welcome to Touchpoint!* I run customer touchpoint map workshops inside a Slack channel. "
            "Start one in any channel with `/touchpoint new <title>`: the maps you take part in will show "
            "up here."
        )
    )


def _map(each: HomeMap, t: Translator) -> str:
    current = step(each.step)
    lines = [
        t("*{title}* · {channel}", title=escape(each.title), channel=f"<#{each.channel_id}>"),
        t("Step {number} of 4: {name}", number=current.number, name=t(current.name)),
    ]
    if each.waiting:
        lines.append(
            t.plural(
                "⏳ {count} touchpoint you own awaits analysis",
                "⏳ {count} touchpoints you own await analysis",
                each.waiting,
            )
        )
    if each.facilitator:
        lines.append(t("You facilitate this map."))
    return "\n".join(lines)
