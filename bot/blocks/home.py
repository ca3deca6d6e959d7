"""The Home tab: the maps a person takes part in, or a welcome when there are none yet."""

from typing import Any

from bot.blocks.ids import Action
from bot.blocks.kit import Block, actions, bidi_safe, button, context, plain, section
from bot.blocks.mrkdwn import escape
from bot.i18n import N_, Translator
from bot.method.steps import step
from bot.workshop.home import HomeMap

# A section and a row of buttons per map keep the tab under Slack's 100 blocks; each title is at most 150
# characters.
MAPS_SHOWN = 30
# What each step asks of people next, as the board's button that opens its form (step 3's analysis is
# done on the touchpoints' own messages in the channel).
NEXT = {
    1: (N_("Add stage"), Action.ADD_STAGE),
    2: (N_("Add touchpoint"), Action.ADD_TOUCHPOINT),
    4: (N_("Add improvement"), Action.ADD_IMPROVEMENT),
}


def home_view(maps: list[HomeMap], t: Translator, team_id: str) -> dict[str, Any]:
    """The maps of `team_id` the reader takes part in, each with buttons to open its channel and to do
    what its step asks next."""
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
    for each in maps[:MAPS_SHOWN]:
        blocks += [section(_map(each, t)), actions(*_buttons(each, t, team_id))]
    more = len(maps) - MAPS_SHOWN
    if more > 0:
        blocks.append(context(t("and {count} more", count=more)))
    return bidi_safe({"type": "home", "blocks": blocks}, t)


def guest_home_view(said: str, t: Translator) -> dict[str, Any]:
    """The Home tab of a guest from another organisation: `said` (why they see no map), and nothing else."""
    blocks: list[Block] = [{"type": "header", "text": plain(t("Touchpoint"))}, section(said)]
    return bidi_safe({"type": "home", "blocks": blocks}, t)


def _buttons(each: HomeMap, t: Translator, team_id: str) -> list[dict[str, Any]]:
    channel = button(t("Open channel"), Action.OPEN_CHANNEL, str(each.map_id))
    channel["url"] = f"slack://channel?team={team_id}&id={each.channel_id}"
    if each.step not in NEXT:
        return [channel]
    label, action = NEXT[each.step]
    return [button(t(label), action, str(each.map_id), "primary"), channel]


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
