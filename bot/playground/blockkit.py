"""Block Kit drawn as HTML the way Slack's client draws it, and a modal's submitted form read back as
Slack's `view.state.values`. Pure functions: data in, text out.

The contract the playground page's script relies on:

- Layout: every fragment's root (`blocks_html`'s `<div class="bk …">`, a `<form>`) has
  `dir="ltr"` and nothing inside sets a direction: text is laid out left to right with the Unicode bidi
  algorithm inside each paragraph, as in Slack, so the RLM and isolate marks the bot puts in Persian and
  Arabic text (kept in the HTML) are what make it read right to left.
- Every block's wrapper carries `data-block-id`. Every interactive element carries `data-block-id`,
  `data-action-id` and `data-type` (its Block Kit type), and `data-confirm` (its confirm object as JSON)
  where it has one. A block or element without an id gets the one `block_id_of`/`action_id_of` give it
  (Slack makes up its own; the Slack stand-in may fill them in first, as Slack does).
- Buttons are `<button>`s with `data-value`; a link button is an `<a href>` with `data-url` too.
- Overflow menus are `<details>` (carrying the ids and type) holding one `<button data-value>` per option
  (with `data-url` where the option has one).
- Selects are `<select>`s whose option values are the options' values, user ids or channel ids (`multiple`
  for multi-selects). An external select is a `<div>` carrying the ids, its type and
  `data-min-query-length`, holding an `<input type="search">` (no name) to type in and the `<select>` the
  script fills from the bot's `block_suggestion` answer.
- Radio buttons and checkboxes are a `<div>` carrying the ids and type, holding `<input type="radio">` or
  `<input type="checkbox">` whose values are the options' values.
- Every stateful element (selects, radio buttons, checkboxes, pickers, text, number, email, URL and file
  inputs) is a form control named `<block_id>/<action_id>`, so a modal's `FormData` holds it (a value per
  checked box or chosen option); `view_state` reads it back. The name is only ever looked up, never
  split, so an id with a `/` in it still works. A file input is `<input type="file">`: the page uploads
  the files and puts their ids in the form under that name instead.
- An input block is a `<fieldset data-block-id>` (`data-dispatch="true"` when `dispatch_action` is set)
  with its label, element, error (`<div class="bk-error" role="alert">`) and hint.
- A message with input blocks is a `<form class="bk bk-message">`, so its `FormData` is the message's
  state, sent with a click on one of its buttons (Slack sends a message's state with every block action).
- A modal is a `<form class="bk bk-modal">` with its title, its blocks, a close button
  (`data-modal="close"`) and, if the view has `submit`, a submit button (`data-modal="submit"`);
  `private_metadata` is not shown.
"""

import html
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.playground.mrkdwn import (
    channel_chip,
    chip,
    is_linkable,
    link_html,
    mrkdwn_html,
    person_chip,
    plain_html,
    shortcodes,
    text_html,
)

Surface = Literal["message", "modal", "home"]
Json = dict[str, Any]


class UnknownBlock(ValueError):
    """A block, element or text type this renderer cannot draw (the page shows it as a red notice)."""


class BadForm(ValueError):
    """A submitted form Slack's client could not have sent: a value no option has, a date that isn't one."""


def _unlinked(file_id: str) -> str:
    return ""


@dataclass(frozen=True)
class Directory:
    """Who and what the page knows: people's display names and channels' names by id (for mentions, and
    the people and channels that users and conversations selects offer), and where a Slack file is shown
    (`file_url`: a file id to the URL the page serves it at)."""

    people: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)
    file_url: Callable[[str], str] = _unlinked


def block_id_of(block: Json, index: int) -> str:
    """A block's id, or the one it is given here when it has none: `b<its index>`."""
    return block.get("block_id") or f"b{index}"


def action_id_of(element: Json, index: int) -> str:
    """An element's action id, or the one it is given here when it has none: `a<its index in the block>`."""
    return element.get("action_id") or f"a{index}"


@dataclass(frozen=True)
class _Draw:
    directory: Directory
    errors: Mapping[str, str]
    zone: ZoneInfo


@dataclass(frozen=True)
class _Slot:
    """Where an element sits: its ids, and whether its input block must be filled."""

    block_id: str
    action_id: str
    required: bool = False

    @property
    def name(self) -> str:
        return f"{self.block_id}/{self.action_id}"

    def data(self, element: Json) -> dict[str, Any]:
        confirm = element.get("confirm")
        return {
            "data-block-id": self.block_id,
            "data-action-id": self.action_id,
            "data-type": element["type"],
            "data-confirm": json.dumps(confirm, ensure_ascii=False) if confirm else None,
            "data-focus-on-load": element.get("focus_on_load") is True,
        }


def _attrs(pairs: Mapping[str, Any]) -> str:
    """HTML attributes, escaped; None and False leave an attribute out, True writes it bare."""
    return "".join(
        f" {key}" if value is True else f' {key}="{html.escape(str(value))}"'
        for key, value in pairs.items()
        if value is not None and value is not False
    )


def _tag(name: str, pairs: Mapping[str, Any], inner: str = "") -> str:
    return f"<{name}{_attrs(pairs)}>{inner}</{name}>"


# --- text -------------------------------------------------------------------------------------------------
def _text(node: Json, draw: _Draw) -> str:
    match node:
        case {"type": "mrkdwn", "text": str(text)}:
            return mrkdwn_html(text, draw.directory, verbatim=bool(node.get("verbatim")))
        case {"type": "plain_text", "text": str(text)}:
            return plain_html(text, emoji=node.get("emoji", True))
    raise UnknownBlock(f"text object {json.dumps(node)[:200]}")


def _plain(node: Json) -> str:
    """A plain text as shown where HTML allows no markup (an option, a placeholder), not yet escaped."""
    text = node["text"].replace("\n", " ")
    return shortcodes(text) if node.get("emoji", True) else text


def _label(node: Json) -> str:
    return html.escape(_plain(node))


def _image_src(node: Json, draw: _Draw) -> str:
    """An image's URL: `image_url`, or a `slack_file` by URL or by id (as the page serves it)."""
    url = node.get("image_url") or node.get("slack_file", {}).get("url")
    if url is not None:
        return url if url.lower().startswith(("https://", "http://")) else ""
    file_id = node.get("slack_file", {}).get("id")
    return draw.directory.file_url(file_id) if file_id else ""


def _img(node: Json, draw: _Draw, kind: str) -> str:
    src, alt = _image_src(node, draw), node.get("alt_text", "")
    if not src:
        return _tag("span", {"class": f"{kind} bk-image-missing", "role": "img", "aria-label": alt}, "🖼")
    return f"<img{_attrs({'class': kind, 'src': src, 'alt': alt, 'loading': 'lazy'})}>"


# --- elements ---------------------------------------------------------------------------------------------
def _button(element: Json, slot: _Slot, draw: _Draw) -> str:
    style = element.get("style")
    pairs = {
        "class": "bk-button" + (f" bk-{style}" if style in ("primary", "danger") else ""),
        **slot.data(element),
        "data-value": element.get("value"),
        "aria-label": element.get("accessibility_label"),
    }
    url = element.get("url")
    if url is None:
        return _tag("button", {"type": "button", **pairs}, _text(element["text"], draw))
    link = {"href": url, "target": "_blank", "rel": "noopener noreferrer"} if is_linkable(url) else {}
    return _tag("a", {**pairs, "data-url": url, "role": "button", **link}, _text(element["text"], draw))


def _overflow(element: Json, slot: _Slot, draw: _Draw) -> str:
    items = "".join(
        _tag(
            "button",
            {"type": "button", "class": "bk-menu-item", "data-value": o["value"], "data-url": o.get("url")},
            _text(o["text"], draw),
        )
        for o in element["options"]
    )
    summary = _tag("summary", {"class": "bk-overflow-button", "aria-label": "More actions"}, "⋮")
    menu = _tag("div", {"class": "bk-menu", "role": "menu"}, items)
    return _tag("details", {"class": "bk-overflow", **slot.data(element)}, summary + menu)


def _options(node: Json) -> list[Json]:
    """A menu's options, those in option groups included."""
    grouped = [o for group in node.get("option_groups", []) for o in group["options"]]
    return [*node.get("options", []), *grouped]


# What each kind of select offers, and the field that holds what is chosen at first (+ "s" when multi).
_SELECTS = {
    "static": "initial_option",
    "external": "initial_option",
    "users": "initial_user",
    "conversations": "initial_conversation",
    "channels": "initial_channel",
}


def _option_tags(choices: Sequence[tuple[str, str]], chosen: set[str]) -> str:
    return "".join(
        _tag("option", {"value": value, "selected": value in chosen}, label) for value, label in choices
    )


def _select(element: Json, slot: _Slot, draw: _Draw) -> str:
    multiple = element["type"].startswith("multi_")
    source = element["type"].removeprefix("multi_").removesuffix("_select")
    key = _SELECTS[source]
    initial = (element.get(key + "s") or []) if multiple else [element[key]] if element.get(key) else []
    chosen = {each["value"] if isinstance(each, dict) else each for each in initial}

    def tags(options: Sequence[Json]) -> str:
        return _option_tags([(o["value"], _label(o["text"])) for o in options], chosen)

    if source == "static":
        groups = element.get("option_groups", [])
        grouped = "".join(_tag("optgroup", {"label": _plain(g["label"])}, tags(g["options"])) for g in groups)
        offered = tags(element.get("options", [])) + grouped
    elif source == "external":
        offered = tags(initial)
    else:
        names = draw.directory.people if source == "users" else draw.directory.channels
        sigil = "" if source == "users" else "#"
        listed = sorted(names.items(), key=lambda each: each[1].casefold())
        offered = _option_tags([(key, html.escape(sigil + name)) for key, name in listed], chosen)
    placeholder = _plain(element["placeholder"]) if element.get("placeholder") else ""
    if not multiple:
        offered = _tag("option", {"value": ""}, html.escape(placeholder)) + offered
    pairs = {"class": "bk-select", "name": slot.name, "multiple": multiple, "required": slot.required}
    if source != "external":
        return _tag("select", {**pairs, **slot.data(element)}, offered)
    query = {"type": "search", "class": "bk-field bk-query", "placeholder": placeholder or None}
    wrapper = {
        "class": "bk-external",
        **slot.data(element),
        "data-min-query-length": element.get("min_query_length", 3),
    }
    return _tag("div", wrapper, f"<input{_attrs(query)}>" + _tag("select", pairs, offered))


def _choices(element: Json, slot: _Slot, draw: _Draw) -> str:
    kind = "radio" if element["type"] == "radio_buttons" else "checkbox"
    initial = element.get("initial_options") or (
        [element["initial_option"]] if element.get("initial_option") else []
    )
    chosen = {o["value"] for o in initial}
    items = []
    for option in element["options"]:
        box = {
            "type": kind,
            "name": slot.name,
            "value": option["value"],
            "checked": option["value"] in chosen,
            "required": slot.required and kind == "radio",
        }
        description = option.get("description")
        about = _tag("span", {"class": "bk-description"}, _text(description, draw)) if description else ""
        text = _tag("span", {"class": "bk-choice-text"}, _text(option["text"], draw) + about)
        items.append(_tag("label", {"class": "bk-choice"}, f"<input{_attrs(box)}>{text}"))
    role = "radiogroup" if kind == "radio" else "group"
    return _tag("div", {"class": "bk-choices", "role": role, **slot.data(element)}, "".join(items))


def _field(element: Json, slot: _Slot) -> dict[str, Any]:
    """The attributes every text box, picker and file input has."""
    placeholder = element.get("placeholder")
    return {
        "class": "bk-field",
        "name": slot.name,
        "required": slot.required,
        "placeholder": _plain(placeholder) if placeholder else None,
        **slot.data(element),
    }


def _input(element: Json, slot: _Slot, pairs: Mapping[str, Any]) -> str:
    return f"<input{_attrs({**_field(element, slot), **pairs})}>"


def _text_input(element: Json, slot: _Slot, draw: _Draw) -> str:
    kind = element["type"]
    if kind == "plain_text_input" and element.get("multiline"):
        pairs = {
            **_field(element, slot),
            "class": "bk-field bk-textarea",
            "minlength": element.get("min_length"),
            "maxlength": element.get("max_length"),
            "rows": 4,
        }
        return _tag("textarea", pairs, html.escape(element.get("initial_value", "")))
    extra: dict[str, Any] = {"value": element.get("initial_value")}
    if kind == "plain_text_input":
        extra |= {"type": "text", "minlength": element.get("min_length")}
        extra["maxlength"] = element.get("max_length")
    elif kind == "number_input":
        decimal = bool(element.get("is_decimal_allowed"))
        extra |= {
            "type": "number",
            "step": "any" if decimal else "1",
            "inputmode": "decimal" if decimal else "numeric",
            "min": element.get("min_value"),
            "max": element.get("max_value"),
        }
    else:
        extra["type"] = "email" if kind == "email_text_input" else "url"
    return _input(element, slot, extra)


def _picker(element: Json, slot: _Slot, draw: _Draw) -> str:
    kind = element["type"]
    if kind == "datepicker":
        return _input(element, slot, {"type": "date", "value": element.get("initial_date")})
    if kind == "timepicker":
        pairs = {"type": "time", "value": element.get("initial_time")}
        return _input(element, slot, {**pairs, "data-timezone": element.get("timezone")})
    moment = element.get("initial_date_time")
    shown = None if moment is None else datetime.fromtimestamp(moment, draw.zone).strftime("%Y-%m-%dT%H:%M")
    return _input(element, slot, {"type": "datetime-local", "value": shown})


def _file_input(element: Json, slot: _Slot, draw: _Draw) -> str:
    types = element.get("filetypes")
    pairs = {
        "type": "file",
        "accept": ",".join("." + kind for kind in types) if types else None,
        "multiple": element.get("max_files", 10) > 1,
        "data-max-files": element.get("max_files", 10),
    }
    return _input(element, slot, pairs)


def _image_element(element: Json, slot: _Slot, draw: _Draw) -> str:
    return _img(element, draw, "bk-image-element")


ELEMENTS: dict[str, Callable[[Json, _Slot, _Draw], str]] = {
    "button": _button,
    "overflow": _overflow,
    "radio_buttons": _choices,
    "checkboxes": _choices,
    "datepicker": _picker,
    "timepicker": _picker,
    "datetimepicker": _picker,
    "plain_text_input": _text_input,
    "number_input": _text_input,
    "email_text_input": _text_input,
    "url_text_input": _text_input,
    "file_input": _file_input,
    "image": _image_element,
    **{f"{multi}{source}_select": _select for source in _SELECTS for multi in ("", "multi_")},
}


def _element(element: Json, block_id: str, index: int, draw: _Draw, *, required: bool = False) -> str:
    draw_it = ELEMENTS.get(element.get("type", ""))
    if draw_it is None:
        raise UnknownBlock(f"element {element.get('type')!r}")
    return draw_it(element, _Slot(block_id, action_id_of(element, index), required), draw)


# --- rich text --------------------------------------------------------------------------------------------
_STYLES = (
    ("code", '<code class="bk-code">', "</code>"),
    ("bold", "<b>", "</b>"),
    ("italic", "<i>", "</i>"),
    ("strike", '<s class="bk-strike">', "</s>"),
)


def _styled(inner: str, style: Mapping[str, bool] | None) -> str:
    for key, opening, closing in _STYLES:
        if style and style.get(key):
            inner = opening + inner + closing
    return inner


def _emoji(node: Json) -> str:
    try:
        return "".join(chr(int(code, 16)) for code in node["unicode"].split("-"))
    except (KeyError, ValueError, OverflowError):
        return shortcodes(f":{node.get('name', '')}:")


def _rich_inline(node: Json, draw: _Draw) -> str:
    names = draw.directory
    match node.get("type"):
        case "text":
            return _styled(text_html(node["text"]), node.get("style"))
        case "link":
            shown = text_html(node.get("text") or node["url"])
            return link_html(node["url"], _styled(shown, node.get("style")))
        case "user":
            return person_chip(node["user_id"], names)
        case "channel":
            return channel_chip(node["channel_id"], names)
        case "usergroup":
            return chip("mention", "@" + node["usergroup_id"])
        case "broadcast":
            return chip("broadcast", "@" + node["range"])
        case "emoji":
            return html.escape(_emoji(node))
        case "date":
            return text_html(node.get("fallback") or str(node["timestamp"]))
        case "color":
            return text_html(node["value"])
    raise UnknownBlock(f"rich text element {node.get('type')!r}")


def _rich_run(node: Json, draw: _Draw) -> str:
    return "".join(_rich_inline(each, draw) for each in node.get("elements", []))


def _rich_part(node: Json, draw: _Draw) -> str:
    match node.get("type"):
        case "rich_text_section":
            return _tag("div", {"class": "bk-rt-section"}, _rich_run(node, draw))
        case "rich_text_quote":
            return _tag("blockquote", {"class": "bk-quote"}, _rich_run(node, draw))
        case "rich_text_preformatted":
            return _tag("pre", {"class": "bk-pre"}, _rich_run(node, draw))
        case "rich_text_list":
            ordered = node.get("style") == "ordered"
            indent = min(int(node.get("indent", 0)), 8)
            items = "".join(_tag("li", {}, _rich_run(each, draw)) for each in node["elements"])
            pairs = {
                "class": f"bk-rt-list bk-rt-indent-{indent}",
                "start": int(node["offset"]) + 1 if ordered and node.get("offset") else None,
            }
            return _tag("ol" if ordered else "ul", pairs, items)
    raise UnknownBlock(f"rich text part {node.get('type')!r}")


# --- blocks -----------------------------------------------------------------------------------------------
def _wrap(
    block: Json, block_id: str, inner: str, tag: str = "div", attrs: Mapping[str, Any] | None = None
) -> str:
    return _tag(
        tag, {"class": f"bk-block bk-{block['type']}", "data-block-id": block_id, **(attrs or {})}, inner
    )


def _section(block: Json, block_id: str, draw: _Draw) -> str:
    body = ""
    if block.get("text"):
        body += _tag("div", {"class": "bk-text"}, _text(block["text"], draw))
    if block.get("fields"):
        fields = "".join(_tag("div", {"class": "bk-field-text"}, _text(f, draw)) for f in block["fields"])
        body += _tag("div", {"class": "bk-fields"}, fields)
    inner = _tag("div", {"class": "bk-section-body"}, body)
    if block.get("accessory"):
        inner += _tag("div", {"class": "bk-accessory"}, _element(block["accessory"], block_id, 0, draw))
    return _wrap(block, block_id, inner)


def _header(block: Json, block_id: str, draw: _Draw) -> str:
    return _wrap(block, block_id, _text(block["text"], draw), attrs={"role": "heading", "aria-level": 2})


def _divider(block: Json, block_id: str, draw: _Draw) -> str:
    return f"<hr{_attrs({'class': 'bk-block bk-divider', 'data-block-id': block_id})}>"


def _context(block: Json, block_id: str, draw: _Draw) -> str:
    def item(node: Json) -> str:
        if node.get("type") == "image":
            return _img(node, draw, "bk-context-image")
        return _tag("span", {"class": "bk-context-text"}, _text(node, draw))

    return _wrap(block, block_id, "".join(item(node) for node in block["elements"]))


def _actions(block: Json, block_id: str, draw: _Draw) -> str:
    elements = block["elements"]
    return _wrap(block, block_id, "".join(_element(e, block_id, i, draw) for i, e in enumerate(elements)))


def _image(block: Json, block_id: str, draw: _Draw) -> str:
    title = block.get("title")
    caption = _tag("figcaption", {"class": "bk-image-title"}, _text(title, draw)) if title else ""
    return _wrap(block, block_id, caption + _img(block, draw, "bk-image-full"), "figure")


def _input_block(block: Json, block_id: str, draw: _Draw) -> str:
    optional = bool(block.get("optional"))
    legend = _text(block["label"], draw)
    if optional:
        legend += ' <span class="bk-optional">(optional)</span>'
    inner = _tag("legend", {"class": "bk-label"}, legend)
    inner += _element(block["element"], block_id, 0, draw, required=not optional)
    error = draw.errors.get(block_id)
    if error:
        inner += _tag("div", {"class": "bk-error", "role": "alert"}, text_html(error))
    if block.get("hint"):
        inner += _tag("div", {"class": "bk-hint"}, _text(block["hint"], draw))
    pairs = {"data-dispatch": "true" if block.get("dispatch_action") else None}
    if error:
        pairs["class"] = "bk-block bk-input bk-has-error"
    return _wrap(block, block_id, inner, "fieldset", pairs)


def _rich_text(block: Json, block_id: str, draw: _Draw) -> str:
    return _wrap(block, block_id, "".join(_rich_part(part, draw) for part in block["elements"]))


def _table(block: Json, block_id: str, draw: _Draw) -> str:
    """A table: its first row as the heading, each column aligned and wrapped as `column_settings` say."""
    settings = block.get("column_settings") or []

    def cell(node: Json, index: int, tag: str) -> str:
        setting = (settings[index] if index < len(settings) else None) or {}
        classes = ["bk-cell"]
        if setting.get("align") in ("left", "center", "right"):
            classes.append(f"bk-align-{setting['align']}")
        if setting.get("is_wrapped"):
            classes.append("bk-wrap")
        if node.get("type") == "raw_text":
            inner = html.escape(node.get("text", ""))
        else:
            inner = "".join(_rich_part(part, draw) for part in node.get("elements", []))
        return _tag(tag, {"class": " ".join(classes)}, inner)

    def row(cells: Sequence[Json], tag: str) -> str:
        return _tag("tr", {}, "".join(cell(each, index, tag) for index, each in enumerate(cells)))

    first, *rest = block["rows"]
    inner = _tag("thead", {}, row(first, "th")) + _tag("tbody", {}, "".join(row(each, "td") for each in rest))
    return _wrap(block, block_id, _tag("table", {"class": "bk-table-grid"}, inner))


def _file(block: Json, block_id: str, draw: _Draw) -> str:
    name = block.get("external_id", "")
    return _wrap(block, block_id, "📄 " + html.escape(name), attrs={"data-external-id": name})


BLOCKS: dict[str, Callable[[Json, str, _Draw], str]] = {
    "section": _section,
    "header": _header,
    "divider": _divider,
    "context": _context,
    "actions": _actions,
    "image": _image,
    "input": _input_block,
    "rich_text": _rich_text,
    "file": _file,
    "table": _table,
}


def _blocks(blocks: Sequence[Json], draw: _Draw) -> str:
    parts = []
    for index, block in enumerate(blocks):
        draw_it = BLOCKS.get(block.get("type", ""))
        if draw_it is None:
            raise UnknownBlock(f"block {block.get('type')!r}")
        parts.append(draw_it(block, block_id_of(block, index), draw))
    return "".join(parts)


def blocks_html(
    blocks: Sequence[Json],
    directory: Directory,
    *,
    surface: Surface,
    errors: Mapping[str, str] | None = None,
    zone: str = "UTC",
) -> str:
    """`blocks` as the HTML Slack's client would show on `surface`; `errors` (by block id) under their
    inputs; times of date-time pickers in the viewer's `zone`. Raises UnknownBlock for what it can't draw."""
    if surface not in ("message", "modal", "home"):
        raise ValueError(f"no surface {surface!r}")
    draw = _Draw(directory, errors or {}, ZoneInfo(zone))
    form = surface == "message" and any(block.get("type") == "input" for block in blocks)
    return _tag("form" if form else "div", {"class": f"bk bk-{surface}", "dir": "ltr"}, _blocks(blocks, draw))


def view_html(
    view: Json, directory: Directory, errors: Mapping[str, str] | None = None, *, zone: str = "UTC"
) -> str:
    """A modal (title, blocks, close and submit buttons) as a `<form>`, or a Home tab's blocks."""
    if view.get("type") == "home":
        return blocks_html(view["blocks"], directory, surface="home", errors=errors, zone=zone)
    if view.get("type") != "modal":
        raise UnknownBlock(f"view {view.get('type')!r}")
    draw = _Draw(directory, errors or {}, ZoneInfo(zone))
    title = _tag("h2", {"class": "bk-modal-title"}, _text(view["title"], draw))
    cross = {"type": "button", "class": "bk-modal-x", "data-modal": "close", "aria-label": "Close"}
    header = _tag("header", {"class": "bk-modal-header"}, title + _tag("button", cross, "×"))
    close = _text(view["close"], draw) if view.get("close") else "Cancel"
    buttons = _tag("button", {"type": "button", "class": "bk-button", "data-modal": "close"}, close)
    if view.get("submit"):
        submit = {"type": "submit", "class": "bk-button bk-primary", "data-modal": "submit"}
        buttons += _tag("button", submit, _text(view["submit"], draw))
    body = _tag("div", {"class": "bk-modal-body"}, _blocks(view["blocks"], draw))
    footer = _tag("footer", {"class": "bk-modal-footer"}, buttons)
    return _tag("form", {"class": "bk bk-modal", "dir": "ltr"}, header + body + footer)


# --- reading a submitted form back ------------------------------------------------------------------------
@dataclass(frozen=True)
class _Answer:
    """What the browser sent for one element, and what the page knows to make sense of it."""

    values: list[str]
    offered: list[Json]  # the options an external select was last given
    files: Mapping[str, Json]
    zone: ZoneInfo

    def one(self) -> str | None:
        """The one value, None if empty; two values for one are no form Slack's client makes."""
        if len(self.values) > 1:
            raise BadForm(f"several values for one element: {self.values[:3]}")
        return self.values[0] if self.values and self.values[0] != "" else None


def _chosen(options: Sequence[Json], value: str) -> Json:
    found = next((option for option in options if option.get("value") == value), None)
    if found is None:
        raise BadForm(f"no option has the value {value[:100]!r}")
    return dict(found)


def _offered(element: Json, answer: _Answer) -> list[Json]:
    """What a select offered: its options, or for an external one, what the bot suggested and the initial."""
    if "external" not in element["type"]:
        return _options(element)
    initial = element.get("initial_options") or [element.get("initial_option") or {}]
    return [*answer.offered, *initial]


def _one_option(element: Json, answer: _Answer) -> dict[str, Any]:
    value = answer.one()
    return {"selected_option": None if value is None else _chosen(_offered(element, answer), value)}


def _many_options(element: Json, answer: _Answer) -> dict[str, Any]:
    offered = _offered(element, answer)
    return {"selected_options": [_chosen(offered, value) for value in answer.values if value]}


_WHOLE = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _text_value(element: Json, answer: _Answer) -> dict[str, Any]:
    value = answer.one()
    if value is not None and element["type"] == "number_input":
        number = _DECIMAL if element.get("is_decimal_allowed") else _WHOLE
        if not number.fullmatch(value):
            raise BadForm(f"not a number: {value[:50]!r}")
    return {"value": None if value is None else value.replace("\r\n", "\n")}  # FormData sends CRLF


# What a browser's date, time and date-time inputs send (seconds only if a person could pick them).
_DATE, _TIME = "[0-9]{4}-[0-9]{2}-[0-9]{2}", "[0-9]{2}:[0-9]{2}(?::[0-9]{2})?"
_FORMATS = {"date": re.compile(_DATE), "time": re.compile(_TIME), "datetime": re.compile(f"{_DATE}T{_TIME}")}


def _parsed(answer: _Answer, kind: str) -> datetime | None:
    """The one date, time or date-time sent, as a browser's input of that kind sends it."""
    value = answer.one()
    if value is None:
        return None
    try:
        if not _FORMATS[kind].fullmatch(value):
            raise ValueError
        return datetime.fromisoformat(f"2000-01-01T{value}" if kind == "time" else value)
    except ValueError:
        raise BadForm(f"not a {kind}: {value[:50]!r}") from None


def _date(element: Json, answer: _Answer) -> dict[str, Any]:
    moment = _parsed(answer, "date")
    return {"selected_date": None if moment is None else moment.date().isoformat()}


def _time(element: Json, answer: _Answer) -> dict[str, Any]:
    moment = _parsed(answer, "time")
    state = {"selected_time": None if moment is None else moment.strftime("%H:%M")}
    return state | ({"timezone": element["timezone"]} if element.get("timezone") else {})


def _date_time(element: Json, answer: _Answer) -> dict[str, Any]:
    moment = _parsed(answer, "datetime")
    return {
        "selected_date_time": None if moment is None else int(moment.replace(tzinfo=answer.zone).timestamp())
    }


def _files(element: Json, answer: _Answer) -> dict[str, Any]:
    unknown = [file_id for file_id in answer.values if file_id not in answer.files]
    if unknown:
        raise BadForm(f"no such file: {unknown[0][:50]!r}")
    return {"files": [answer.files[file_id] for file_id in answer.values]}


def _picked(key: str) -> Callable[[Json, _Answer], dict[str, Any]]:
    """A users, conversations or channels select: the id chosen (`selected_<key>`), or the ids."""

    def read(element: Json, answer: _Answer) -> dict[str, Any]:
        if element["type"].startswith("multi_"):
            return {f"selected_{key}s": [value for value in answer.values if value]}
        return {f"selected_{key}": answer.one()}

    return read


STATES: dict[str, Callable[[Json, _Answer], dict[str, Any]]] = {
    "plain_text_input": _text_value,
    "number_input": _text_value,
    "email_text_input": _text_value,
    "url_text_input": _text_value,
    "static_select": _one_option,
    "external_select": _one_option,
    "radio_buttons": _one_option,
    "multi_static_select": _many_options,
    "multi_external_select": _many_options,
    "checkboxes": _many_options,
    "datepicker": _date,
    "timepicker": _time,
    "datetimepicker": _date_time,
    "file_input": _files,
    **{
        f"{multi}{kind}s_select": _picked(kind)
        for kind in ("user", "conversation", "channel")
        for multi in ("", "multi_")
    },
}


def _elements(block: Json) -> list[Json | None]:
    match block.get("type"):
        case "input":
            return [block.get("element")]
        case "section":
            return [block.get("accessory")]
        case "actions":
            return block.get("elements", [])
    return []


def _stateful(blocks: Sequence[Json]) -> Iterator[tuple[str, str, Json]]:
    """(block id, action id, element) of every element whose state Slack reports: input blocks', and, as
    Slack does since 2020, stateful accessories and actions."""
    for index, block in enumerate(blocks):
        block_id = block_id_of(block, index)
        for position, element in enumerate(_elements(block)):
            if element and element.get("type") in STATES:
                yield block_id, action_id_of(element, position), element


def view_state(
    view: Json,
    form: Mapping[str, Sequence[str]],
    *,
    options: Mapping[str, Sequence[Json]] | None = None,
    files: Mapping[str, Json] | None = None,
    zone: str = "UTC",
) -> dict[str, dict[str, Json]]:
    """Slack's `view.state.values` for `view` after a person filled its form and submitted it.

    `form` holds the values the browser sent, by control name (`<block_id>/<action_id>`, as `FormData`
    gives them); `options` the options (or option groups) the bot last suggested to each external select,
    by the same name; `files` the files the page uploaded, by id; `zone` the person's time zone (for
    date-time pickers). Every stateful element is reported, filled or not, with Slack's shapes: `None`
    for an empty text or single choice, `[]` for no choices. Raises BadForm for what no browser showing
    this view could have sent.
    """
    values: dict[str, dict[str, Json]] = {}
    names: set[str] = set()
    for block_id, action_id, element in _stateful(view.get("blocks", [])):
        name = f"{block_id}/{action_id}"
        if name in names:
            raise ValueError(f"two elements are named {name!r}: their answers can't be told apart")
        names.add(name)
        suggested = [o for each in (options or {}).get(name, []) for o in each.get("options", [each])]
        answer = _Answer(list(form.get(name, [])), suggested, files or {}, ZoneInfo(zone))
        state = {"type": element["type"], **STATES[element["type"]](element, answer)}
        values.setdefault(block_id, {})[action_id] = state
    return values
