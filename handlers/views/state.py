"""Reading what a person entered in a modal (`view.state.values`), by block id."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from bot.method.errors import UserError
from handlers.context import untrusted_id

E = TypeVar("E", bound=StrEnum)


def _element(view: dict, field: str) -> dict[str, Any]:
    """The state of the element whose action id is `field`, whatever its block's id (a form's block ids
    may name what it is about: bot/blocks/kit.inputs_about)."""
    for block in view.get("state", {}).get("values", {}).values():
        if field in block:
            return block[field] or {}
    return {}


def block_of(view: dict, field: str) -> str | None:
    """The id of the input block holding `field`, where Slack shows an error about it."""
    for block in view.get("blocks", []):
        if block.get("type") == "input" and block.get("element", {}).get("action_id") == field:
            return block["block_id"]
    return None


def text(view: dict, field: str) -> str:
    return _element(view, field).get("value") or ""


def selected(view: dict, field: str) -> str | None:
    option = _element(view, field).get("selected_option")
    return option["value"] if option else None


def checked(view: dict, field: str) -> list[str]:
    """The values of the ticked boxes or chosen options of a multi-select."""
    return [option["value"] for option in _element(view, field).get("selected_options") or []]


def moment(view: dict, field: str) -> datetime | None:
    """The moment picked in a date-time picker (Slack sends it as a UNIX time), in UTC."""
    picked = _element(view, field).get("selected_date_time")
    if picked is None:
        return None
    if not isinstance(picked, int) or isinstance(picked, bool):
        raise UserError("Pick a date and a time.", field=field)
    try:
        return datetime.fromtimestamp(picked, UTC)
    except (OverflowError, OSError, ValueError):
        raise UserError("Pick a date and a time.", field=field) from None


def time_of_day(view: dict, field: str) -> tuple[str | None, str | None]:
    """The time picked in a time picker (`HH:mm`) and the time zone the picker was read in."""
    element = _element(view, field)
    return element.get("selected_time"), element.get("timezone")


def file_id(view: dict, field: str) -> str | None:
    """The id of the first file given in a file input (Slack's id: the bot asks files.info about it)."""
    files = _element(view, field).get("files") or []
    return str(files[0]["id"]) if files and isinstance(files[0], dict) and files[0].get("id") else None


def user(view: dict, field: str) -> str | None:
    return _element(view, field).get("selected_user")


def choice(view: dict, field: str, kind: type[E]) -> E:
    """The selected option of `field` as a member of `kind`; a forged value is refused."""
    try:
        return kind(selected(view, field) or "")  # nothing selected: refused like a forged value
    except ValueError:
        raise UserError("Choose one of the options.", field=field) from None


def selected_id(view: dict, field: str) -> int | None:
    value = selected(view, field)
    return _id(value, field) if value else None


def checked_ids(view: dict, field: str) -> list[int]:
    return [_id(value, field) for value in checked(view, field)]


def _id(value: str, field: str) -> int:
    try:
        return untrusted_id(value)
    except UserError:
        raise UserError("Choose one of the options.", field=field) from None
