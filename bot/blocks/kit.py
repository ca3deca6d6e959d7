"""Small builders for the Block Kit elements every surface uses."""

from datetime import datetime
from typing import Any, Protocol, TypeVar

from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.workshop.rules import without_bidi_controls

Block = dict[str, Any]
Payload = TypeVar("Payload", Message, list[Message], dict[str, Any], list[dict[str, Any]])
RLM = "\u200f"  # RIGHT-TO-LEFT MARK


class Reader(Protocol):
    """What a builder needs of the reader's language: a `Translator`, or a handler's lazy one."""

    @property
    def language(self) -> str: ...

    @property
    def rtl(self) -> bool: ...

    def __call__(self, message: str, /, **params: object) -> str: ...

    def plural(self, singular: str, plural: str, count: int, /, **params: object) -> str: ...


HEADER_TEXT_MAX = 150  # Slack's limit on a header's text


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str, accessory: dict[str, Any] | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text) for text in texts]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style is not None:
        element["style"] = style
    return element


def actions(*elements: dict[str, Any]) -> Block:
    return {"type": "actions", "elements": list(elements)}


OPTION_TEXT_MAX = 75  # Slack's limit on an option's text (and a button's)


def fit(text: str, limit: int) -> str:
    """`text`, shortened with an ellipsis if it is over `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def option(text: str, value: str) -> dict[str, Any]:
    """A menu option; text over Slack's limit is shortened with an ellipsis."""
    return {"text": plain(fit(text, OPTION_TEXT_MAX)), "value": value}


def input_block(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False) -> Block:
    """An input around `element`, whose action_id is the block's id."""
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": {**element, "action_id": block_id},
        "optional": optional,
    }


def text_input(
    block_id: str,
    label: str,
    *,
    initial: str = "",
    max_length: int,
    optional: bool = False,
    multiline: bool = False,
    placeholder: str | None = None,
) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": block_id, "max_length": max_length}
    if multiline:
        element["multiline"] = True
    initial = without_bidi_controls(initial)[:max_length]  # a prefill may come from a message as typed
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return input_block(block_id, label, element, optional=optional)


def number_input(
    block_id: str, label: str, *, low: int, high: int, initial: int | None = None, optional: bool = False
) -> Block:
    """An input of a whole number from `low` to `high` (Slack checks the range before the app sees it)."""
    element: dict[str, Any] = {
        "type": "number_input",
        "action_id": block_id,
        "is_decimal_allowed": False,
        "min_value": str(low),
        "max_value": str(high),
    }
    if initial is not None:
        element["initial_value"] = str(initial)
    return input_block(block_id, label, element, optional=optional)


def datetime_picker(block_id: str, label: str, initial: datetime | None) -> Block:
    """An input of a moment: the person picks a date and a time in their own Slack time zone."""
    element: dict[str, Any] = {"type": "datetimepicker", "action_id": block_id}
    if initial is not None:
        element["initial_date_time"] = int(initial.timestamp())
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element}


def time_picker(block_id: str, label: str, initial: str, timezone: str) -> Block:
    """An input of a time of day (`HH:mm`), read in `timezone` whatever the person's own zone."""
    element = {"type": "timepicker", "action_id": block_id, "initial_time": initial, "timezone": timezone}
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element}


# The elements Slack can focus when a view opens (a file input can't be).
FOCUSABLE = frozenset(
    {
        "plain_text_input",
        "number_input",
        "email_text_input",
        "url_text_input",
        "datepicker",
        "timepicker",
        "datetimepicker",
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "radio_buttons",
        "checkboxes",
    }
)


def focused(blocks: list[Block]) -> list[Block]:
    """`blocks` with the first input's element focused when the view opens (Slack allows one)."""
    for index, block in enumerate(blocks):
        if block.get("type") == "input" and block["element"]["type"] in FOCUSABLE:
            element = {**block["element"], "focus_on_load": True}
            return [*blocks[:index], {**block, "element": element}, *blocks[index + 1 :]]
    return blocks


def inputs_about(blocks: list[Block], subject: str) -> list[Block]:
    """`blocks` with their inputs' block ids made `subject`'s (each element keeps its action id, by which
    the handlers read it). Slack keeps what was typed in an input whose block and action ids a view
    update keeps (docs.slack.dev/reference/methods/views.update, "Preserving input entry"): a form that
    takes the place of one about another subject must not show, and send again, what was typed there."""
    return [
        {**block, "block_id": f"{block['block_id']}.{subject}"} if block.get("type") == "input" else block
        for block in blocks
    ]


def input_modal(
    t: Translator, callback_id: str, title: str, blocks: list[Block], metadata: str, submit: str = N_("Add")
) -> dict[str, Any]:
    """A modal that asks for input, its first input focused: `submit` (a msgid) saves, *Cancel* closes."""
    return bidi_safe(
        modal(callback_id, title, focused(blocks), submit=t(submit), close=t("Cancel"), metadata=metadata), t
    )


def modal(
    callback_id: str, title: str, blocks: list[Block], *, submit: str, close: str, metadata: str
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title),
        "submit": plain(submit),
        "close": plain(close),
        "private_metadata": metadata,
        "blocks": blocks,
    }


# docs.slack.dev/reference/block-kit/blocks/table-block: at most 100 rows of at most 20 cells, one table a
# message (slack_sdk 3.48's TableBlock checks none of it; the stand-in does)
TABLE_ROWS_MAX, TABLE_CELLS_MAX = 100, 20


def cell(text: str) -> dict[str, Any]:
    """A table cell of plain text, shown as it is (no mrkdwn, nothing to escape)."""
    return {"type": "raw_text", "text": text}


def person_cell(user_id: str) -> dict[str, Any]:
    """A table cell naming a person, as a mention Slack's client draws with their name."""
    section = {"type": "rich_text_section", "elements": [{"type": "user", "user_id": user_id}]}
    return {"type": "rich_text", "elements": [section]}


def table(rows: list[list[dict[str, Any]]], settings: list[dict[str, Any]]) -> Block | None:
    """A table of `rows` (the first the heading) with each column's `settings` (`align`, `is_wrapped`);
    None when it is over Slack's limits, for the caller to lay the rows out otherwise."""
    if not rows or len(rows) > TABLE_ROWS_MAX or max(len(row) for row in rows) > TABLE_CELLS_MAX:
        return None
    return {"type": "table", "column_settings": settings, "rows": rows}


MESSAGE_BLOCKS = 45  # a little under Slack's 50 blocks a message


def chunked(blocks: list[Block], size: int = MESSAGE_BLOCKS) -> list[list[Block]]:
    """`blocks` cut into runs that each fit in one message."""
    return [blocks[i : i + size] for i in range(0, len(blocks), size)]


def directed(text: str, t: Reader) -> str:
    """`text` with each line started by RLM in a right-to-left language, so that each reads right to left
    whatever its first word (a Latin name, a mention, a number); unchanged otherwise. RLM goes before any
    mrkdwn marker, so `*bold*` and `<links>` keep working."""
    if not t.rtl:
        return text
    return "\n".join(RLM + line if line and not line.startswith(RLM) else line for line in text.split("\n"))


def bidi_safe(payload: Payload, t: Reader) -> Payload:
    """A message (or messages), modal or Home tab with every text in it `directed`, for what a builder
    returns; unchanged in a left-to-right language. Headers, options and buttons whose text the marks would
    push over Slack's limit are shortened."""
    return payload if not t.rtl else _directed(payload, t, None)


def _directed(node: Any, t: Reader, limit: int | None) -> Any:
    match node:
        case Message():
            return Message(text=directed(node.text, t), blocks=_directed(node.blocks, t, None))
        case list():
            return [_directed(each, t, None) for each in node]
        case {"type": "mrkdwn" | "plain_text" | "raw_text", "text": str(text)}:
            text = directed(text, t)
            return {**node, "text": text if limit is None else fit(text, limit)}
        case dict():
            if node.get("type") == "header":
                limit = HEADER_TEXT_MAX
            elif "value" in node:  # an option or a button
                limit = OPTION_TEXT_MAX
            return {key: _directed(value, t, limit if key == "text" else None) for key, value in node.items()}
    return node
