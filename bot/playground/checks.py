"""Slack's checks of what an app sends: Block Kit, views and message arguments, with Slack's error strings.

slack_sdk's models check each object's own fields, but `validate_json` does not descend into a block's
elements, options or confirm dialogs, and it leaves out some of Slack's documented limits; both are
added here, each with the page of Slack's reference that states it.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import Block, BlockElement
from slack_sdk.models.views import View

# docs.slack.dev/reference/block-kit/blocks: "up to 50 blocks in each message, and 100 in modals or Home tabs"
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
# docs.slack.dev/reference/methods/chat.postMessage: text over 40,000 characters is refused (msg_too_long)
TEXT_MAX = 40_000
# docs.slack.dev/reference/methods/files.getUploadURLExternal: alt_txt, at most 1,000 characters
ALT_TEXT_MAX = 1000
# docs.slack.dev/reference/methods/views.push ("view_too_large": a view over 250 kB)
VIEW_BYTES_MAX = 250_000
# docs.slack.dev/reference/block-kit/composition-objects/option-object: text and description 75, value 150
OPTION_TEXT_MAX, OPTION_VALUE_MAX = 75, 150
# docs.slack.dev/reference/block-kit/block-elements/radio-button-group-element and …/checkboxes-element:
# "A maximum of 10 options are allowed"
CHOICE_OPTIONS_MAX = 10
# docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object
CONFIRM_LIMITS = {"title": 100, "text": 300, "confirm": 30, "deny": 30}
# docs.slack.dev/reference/block-kit/blocks/section-block: each of the (at most 10) fields, 2,000 characters
FIELD_TEXT_MAX = 2000
# docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element: max_length up to 3,000
INPUT_LENGTH_MAX = 3000

# docs.slack.dev/reference/block-kit/blocks/table-block: "Maximum 100 rows", "a max of 20 table cells" a
# row, column_settings "Maximum 20 items"; and only one table a message
TABLE_ROWS_MAX, TABLE_CELLS_MAX, TABLES_MAX = 100, 20, 1

# Errors that mean the app sent something Slack would refuse, as opposed to a failure of Slack's own.
REFUSALS = frozenset(
    {
        "invalid_arguments",
        "invalid_blocks",
        "no_text",
        "msg_too_long",
        "unknown_method",
        "invalid_auth",
        "invalid_trigger_id",
        "expired_trigger_id",
        "exchanged_trigger_id",
        "push_limit_reached",
        "view_too_large",
        "duplicate_external_id",
    }
)


class SlackError(Exception):
    """A call Slack answers with `ok: false`: `error` is Slack's string, `detail` says why."""

    def __init__(self, error: str, detail: str = "") -> None:
        super().__init__(f"{error}: {detail}" if detail else error)
        self.error = error
        self.detail = detail


def as_json(value: Any) -> Any:
    """An argument the SDK may send as JSON text (blocks, view, files) or as JSON already."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise SlackError("invalid_arguments", "not JSON") from None
    return value


def require(args: dict[str, Any], *names: str) -> None:
    missing = [n for n in names if not args.get(n)]
    if missing:
        raise SlackError("invalid_arguments", f"missing {', '.join(missing)}")


def check_message(args: dict[str, Any]) -> None:
    """A message's text and blocks, as chat.postMessage, chat.update, chat.postEphemeral and response_url
    check them."""
    if not args.get("text") and not args.get("blocks"):
        raise SlackError("no_text")
    if len(args.get("text") or "") > TEXT_MAX:
        raise SlackError("msg_too_long")
    if args.get("blocks"):
        check_blocks(args["blocks"], MESSAGE_BLOCKS_MAX)
    if args.get("metadata"):
        check_metadata(args["metadata"])


def check_metadata(metadata: Any) -> dict[str, Any]:
    """Message metadata (docs.slack.dev/messaging/message-metadata): an `event_type` string and an
    `event_payload` object."""
    try:
        metadata = as_json(metadata)
    except SlackError as error:
        raise SlackError("invalid_metadata_format") from error
    if not isinstance(metadata, dict) or set(metadata) != {"event_type", "event_payload"}:
        raise SlackError("invalid_metadata_format")
    if not isinstance(metadata["event_type"], str) or not isinstance(metadata["event_payload"], dict):
        raise SlackError("invalid_metadata_schema")
    return metadata


def check_view(view: Any) -> dict[str, Any]:
    """A modal or Home tab as views.open, push, update and publish check it; returns it parsed."""
    view = as_json(view)
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", "view must be an object")
    if len(json.dumps(view).encode()) > VIEW_BYTES_MAX:
        raise SlackError("view_too_large")
    try:
        View(**view).validate_json()
    except (SlackObjectFormationError, TypeError) as error:
        raise SlackError("invalid_arguments", str(error)) from error
    check_blocks(view.get("blocks", []), VIEW_BLOCKS_MAX)
    check_focus(view.get("blocks", []))
    return view


def check_blocks(blocks: Any, limit: int) -> None:
    blocks = as_json(blocks)
    if not isinstance(blocks, list) or len(blocks) > limit:
        raise SlackError("invalid_blocks", f"blocks must be a list of at most {limit}")
    block_ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        raise SlackError("invalid_blocks", "duplicate block_id")
    for raw in blocks:
        _check_block(raw)
    if sum(1 for raw in blocks if raw.get("type") == "table") > TABLES_MAX:
        raise SlackError("invalid_blocks", f"more than {TABLES_MAX} table in a message")


def _check_block(raw: Any) -> None:
    parsed = _parsed(Block.parse, raw)
    if parsed is None or type(parsed) is Block:
        raise SlackError("invalid_blocks", f"unknown block {raw!r}")
    _valid(parsed, raw)
    if _formed(parsed.to_dict, raw) != raw:
        raise SlackError("invalid_blocks", f"unknown or malformed fields in {raw!r}")
    for field in raw.get("fields") or []:
        if len(field.get("text", "")) > FIELD_TEXT_MAX:
            raise SlackError("invalid_blocks", f"a field over {FIELD_TEXT_MAX} characters in {raw!r}")
    for element in _elements(raw):
        _check_element(element, raw)
    if raw["type"] == "table":
        check_table(raw)


def _elements(block: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The interactive elements of a block (text objects and images in a context are not)."""
    if block.get("accessory"):
        yield block["accessory"]
    if block.get("element"):
        yield block["element"]
    if block["type"] == "actions":
        yield from block.get("elements", [])


def _check_element(element: dict[str, Any], block: dict[str, Any]) -> None:
    _valid(_parsed(BlockElement.parse, element), block)
    options = [
        *element.get("options", []),
        *(o for group in element.get("option_groups", []) for o in group.get("options", [])),
    ]
    if element["type"] in ("radio_buttons", "checkboxes") and len(options) > CHOICE_OPTIONS_MAX:
        raise SlackError("invalid_blocks", f"{element['type']} with over {CHOICE_OPTIONS_MAX} options")
    for option in options:
        if len(option["text"]["text"]) > OPTION_TEXT_MAX or len(option.get("value", "")) > OPTION_VALUE_MAX:
            raise SlackError("invalid_blocks", f"an option's text or value too long in {block!r}")
        if len((option.get("description") or {}).get("text", "")) > OPTION_TEXT_MAX:
            raise SlackError("invalid_blocks", f"an option's description too long in {block!r}")
    for name, limit in CONFIRM_LIMITS.items():
        if len(((element.get("confirm") or {}).get(name) or {}).get("text", "")) > limit:
            raise SlackError("invalid_blocks", f"a confirm dialog's {name} over {limit} characters")
    if element["type"] == "number_input":
        check_number_input(element)
    if element["type"] == "plain_text_input":
        longest = element.get("max_length", INPUT_LENGTH_MAX)
        if longest > INPUT_LENGTH_MAX or len(element.get("initial_value", "")) > longest:
            raise SlackError("invalid_blocks", f"a text input longer than {longest} characters")


def _parsed(parse: Callable[[Any], JsonObject | None], raw: Any) -> JsonObject | None:
    """slack_sdk's model of `raw`; None when it is not an object."""
    if not isinstance(raw, dict):
        return None
    try:
        return _formed(lambda: parse(raw), raw)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SlackError("invalid_blocks", f"malformed {raw!r}") from error


T = TypeVar("T")


def _formed(build: Callable[[], T], raw: dict[str, Any]) -> T:
    """What `build` makes of `raw`; some of slack_sdk's checks run as its models are built or dumped."""
    try:
        return build()
    except SlackObjectFormationError as error:
        raise SlackError("invalid_blocks", f"{error} in {raw!r}") from error


def _valid(parsed: JsonObject | None, raw: dict[str, Any]) -> None:
    if parsed is None:
        raise SlackError("invalid_blocks", f"unknown element in {raw!r}")
    _formed(parsed.validate_json, raw)


def check_focus(blocks: list[dict[str, Any]]) -> None:
    """docs.slack.dev/reference/block-kit/block-elements (each element's `focus_on_load`): "Only one
    element can be set to true" in a view."""
    focused = [
        element for block in blocks for element in _elements(block) if element.get("focus_on_load") is True
    ]
    if len(focused) > 1:
        raise SlackError("invalid_arguments", "focus_on_load on more than one element")


def check_number_input(element: dict[str, Any]) -> None:
    """docs.slack.dev/reference/block-kit/block-elements/number-input-element: `min_value` "cannot be
    greater than max_value"; the bounds and the initial value are numbers, whole unless decimals are
    allowed."""
    decimal = bool(element.get("is_decimal_allowed"))
    numbers = {name: element[name] for name in ("min_value", "max_value", "initial_value") if name in element}
    try:
        read = {name: float(value) if decimal else int(value) for name, value in numbers.items()}
    except (TypeError, ValueError):
        raise SlackError("invalid_blocks", f"a number input's bounds are not numbers: {numbers}") from None
    low, high = read.get("min_value"), read.get("max_value")
    if low is not None and high is not None and low > high:
        raise SlackError("invalid_blocks", "a number input's min_value over its max_value")
    initial = read.get("initial_value")
    if initial is not None and ((low is not None and initial < low) or (high is not None and initial > high)):
        raise SlackError("invalid_blocks", "a number input's initial_value out of its range")


def check_table(block: dict[str, Any]) -> None:
    """A table block's rows and cells within Slack's limits (slack_sdk's model checks none of them)."""
    rows = block.get("rows")
    if not isinstance(rows, list) or not rows or len(rows) > TABLE_ROWS_MAX:
        raise SlackError("invalid_blocks", f"a table needs 1 to {TABLE_ROWS_MAX} rows")
    for row in rows:
        if not isinstance(row, list) or not row or len(row) > TABLE_CELLS_MAX:
            raise SlackError("invalid_blocks", f"a table row needs 1 to {TABLE_CELLS_MAX} cells")
        for cell in row:
            if not isinstance(cell, dict) or cell.get("type") not in ("raw_text", "rich_text"):
                raise SlackError("invalid_blocks", f"a table cell must be raw_text or rich_text: {cell!r}")
            if cell["type"] == "raw_text" and not isinstance(cell.get("text"), str):
                raise SlackError("invalid_blocks", f"a raw_text cell without text: {cell!r}")
    if len(block.get("column_settings") or []) > TABLE_CELLS_MAX:
        raise SlackError("invalid_blocks", f"over {TABLE_CELLS_MAX} column settings")
