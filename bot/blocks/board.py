"""The board: the one message per map that the bot keeps up to date in its channel."""

from typing import Any

from bot.blocks.ids import Action
from bot.blocks.kit import Block, actions, bidi_safe, button, context, plain, section
from bot.blocks.mrkdwn import escape, mention
from bot.gateway import Message, MessageWithMetadata
from bot.i18n import Translator
from bot.method.steps import STEPS, step
from bot.workshop.board import Board

CONTRIBUTORS_SHOWN = 20


def board_message(board: Board, t: Translator) -> Message:
    current = step(board.step)
    blocks: list[Block] = [
        {"type": "header", "text": plain(board.title)},
        section(
            t("*Step {number} of 4: {name}*", number=current.number, name=t(current.name))
            + "\n"
            + t(current.explanation)
        ),
        section(_step_list(board, t)),
        actions(*_step_buttons(board, t), *_navigation(board, t)),
        *_picture(board, t),
        {"type": "divider"},
        context(_counts(board, t), _people(board, t)),
    ]
    text = t("Touchpoint map: {title}", title=escape(board.title))
    message = bidi_safe(Message(text=text, blocks=blocks), t)
    return MessageWithMetadata(message.text, message.blocks, _board_metadata(board.map_id))


_BOARD_EVENT = "touchpoint_board"


def _board_metadata(map_id: int) -> dict[str, Any]:
    """The board's message metadata: which map's board it is (so it can be told apart and found again)."""
    return {"event_type": _BOARD_EVENT, "event_payload": {"map_id": map_id}}


def _picture(board: Board, t: Translator) -> list[Block]:
    """The map's picture last shared in the channel, so that the channel sees the map on the board."""
    if board.picture_file_id is None:
        return []
    title = t("The map as last drawn: *Show map* draws it again.")
    image = {
        "type": "image",
        "slack_file": {"id": board.picture_file_id},
        "alt_text": t("Touchpoint map: {title}", title=board.title),
    }
    return [context(title), image]


def _step_list(board: Board, t: Translator) -> str:
    c = board.counts

    def both(first: str, second: str) -> str:
        return t("{first}, {second}", first=first, second=second)

    progress = {
        1: both(
            t.plural("{count} stage", "{count} stages", c.stages),
            t.plural("{count} channel", "{count} channels", c.channels),
        ),
        2: t.plural("{count} touchpoint", "{count} touchpoints", c.touchpoints),
        3: both(
            t("{analysed} of {total} analysed", analysed=c.analysed, total=c.touchpoints),
            t.plural("{count} vote", "{count} votes", c.votes),
        ),
        4: both(
            t.plural("{count} improvement", "{count} improvements", c.improvements),
            t.plural("{count} snapshot", "{count} snapshots", c.snapshots),
        ),
    }
    lines = []
    for each in STEPS:
        label = t("{number}. {name}", number=each.number, name=t(each.name))
        if each.number == board.step:
            lines.append(f"▶️ *{label}* · {progress[each.number]}")
        else:
            mark = "✅" if each.number < board.step else "▫️"
            lines.append(f"{mark} {label} · {progress[each.number]}")
    return "\n".join(lines)


def _step_buttons(board: Board, t: Translator) -> list[dict]:
    value = str(board.map_id)
    match board.step:
        case 1:
            return [
                button(t("Add stage"), Action.ADD_STAGE, value, "primary"),
                button(t("Add channel"), Action.ADD_CHANNEL, value),
                button(t("Use a starter set"), Action.STARTER_SET, value),
                button(t("Edit timeline"), Action.EDIT_TIMELINE, value),
            ]
        case 2:
            return [
                button(t("Add touchpoint"), Action.ADD_TOUCHPOINT, value, "primary"),
                button(t("Add persona"), Action.ADD_PERSONA, value),
            ]
        case 3:
            blind = (
                button(t("Reveal the analysis"), Action.REVEAL, value)
                if board.blind
                else button(t("Run it blind"), Action.GO_BLIND, value)
            )
            return [
                button(t("Analyse touchpoints"), Action.SHOW_ANALYSIS, value, "primary"),
                blind,
                button(t("Post summary"), Action.POST_SUMMARY, value),
            ]
        case 4:
            # The snapshot button names the version it takes, so a double click takes one.
            next_version = f"{board.map_id}:{board.counts.snapshots + 1}"
            return [
                button(t("Add improvement"), Action.ADD_IMPROVEMENT, value, "primary"),
                button(t("Take snapshot"), Action.TAKE_SNAPSHOT, next_version),
                button(t("Set revisit reminder"), Action.SET_REMINDER, value),
            ]
    return []


def _navigation(board: Board, t: Translator) -> list[dict]:
    value = f"{board.map_id}:{board.step}"
    buttons = []
    if board.step > 1:
        buttons.append(button(t("◀ Back"), Action.PREVIOUS_STEP, value))
    if board.step < len(STEPS):
        buttons.append(button(t("Next step ▶"), Action.NEXT_STEP, value))
    buttons.append(button(t("Show map"), Action.SHOW_MAP, str(board.map_id)))
    buttons.append(button(t("Export"), Action.EXPORT, str(board.map_id)))
    return buttons


def _counts(board: Board, t: Translator) -> str:
    c = board.counts
    return " · ".join(
        [
            t.plural("{count} stage", "{count} stages", c.stages),
            t.plural("{count} channel", "{count} channels", c.channels),
            t.plural("{count} touchpoint", "{count} touchpoints", c.touchpoints),
            t.plural("{count} note", "{count} notes", c.notes),
            t.plural("{count} vote", "{count} votes", c.votes),
        ]
    )


def _people(board: Board, t: Translator) -> str:
    facilitators = ", ".join(mention(user) for user in board.facilitators)
    line = t.plural(
        "Facilitator: {people}", "Facilitators: {people}", len(board.facilitators), people=facilitators
    )
    if board.contributors:
        shown = " ".join(mention(user) for user in board.contributors[:CONTRIBUTORS_SHOWN])
        more = len(board.contributors) - CONTRIBUTORS_SHOWN
        if more > 0:
            shown += " " + t("and {count} more", count=more)
        line += "\n" + t.plural(
            "{count} contributor: {people}",
            "{count} contributors: {people}",
            len(board.contributors),
            people=shown,
        )
    return line
