"""The map's document as JSON, out and in: written readable, and read back from an imported file (its size
and encoding, then the JSON checked against the schema and for references that point nowhere). Every
problem is a UserError naming where it is; nothing is stored here."""

import codecs
import json
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from bot.document.capture import SCHEMA, SCHEMAS, upgrade
from bot.method.errors import UserError
from bot.method.vocabulary import KIND, Lane

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@cache
def validator() -> Draft202012Validator:
    """Checks a document against the schema shipped with the bot (docs/map-schema.json links to it)."""
    schema = json.loads(resources.files(__package__).joinpath("map-schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def to_json(document: dict[str, Any]) -> bytes:
    """The document as UTF-8 JSON, indented, with Persian and Arabic kept readable (not \\u-escaped)."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise UserError(
            "The file is {size} MB; an import takes at most 5 MB.", size=round(size / 1024 / 1024, 1)
        )


def check_rows(count: int) -> None:
    if count > MAX_ROWS:
        raise UserError("The file has {count} rows; an import takes at most 5,000.", count=count)


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without a BOM, as Excel's “CSV UTF-8” writes it) or UTF-16 with a
    BOM (Excel's “Unicode Text”). Anything else is refused, naming the first byte that isn't UTF-8."""
    check_size(len(raw))
    if raw.startswith(_UTF16_BOMS):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise UserError(
            "Line {line}, column {column}: the file is not UTF-8 text. Save it as “CSV UTF-8” "
            "(in Excel: Save as › CSV UTF-8) and try again.",
            line=raw.count(b"\n", 0, error.start) + 1,
            column=column,
        ) from None


def read_document(raw: bytes) -> dict[str, Any]:
    """A map exported as JSON (any schema version this bot wrote), in the current version."""
    text = decode(raw)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(
            "Line {line}, column {column}: this is not valid JSON ({reason}).",
            line=error.lineno,
            column=error.colno,
            reason=error.msg,
        ) from None
    if not isinstance(data, dict) or data.get("schema") not in SCHEMAS:
        raise UserError(
            "This is not a touchpoint map export: it should have “schema”: “{schema}”.", schema=SCHEMA
        )
    data = upgrade(data)
    invalid = next(iter(sorted(validator().iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if invalid is not None:
        raise UserError(
            "At {path}: {problem} (see docs/map-schema.json).",
            path=_path(invalid.absolute_path),
            problem=invalid.message,
        )
    check_rows(len(data["touchpoints"]))
    _check_references(data)
    return data


def _path(parts) -> str:
    return " › ".join(str(part + 1) if isinstance(part, int) else part for part in parts) or "the top"


def _unique(items: list, key, where: str, what: str) -> None:
    seen = Counter(key(item) for item in items)
    for index, item in enumerate(items):
        if seen[key(item)] > 1:
            raise UserError(
                "At {path}: “{name}” appears more than once.",
                path=_path([where, index]),
                name=what.format(item),
            )


def _check_references(data: dict[str, Any]) -> None:
    """Names and ids that must match: each touchpoint's stage, channel and personas, and the touchpoint
    each note, score, vote, piece of evidence and improvement is on."""
    _unique(data["stages"], lambda s: s["name"], "stages", "{0[name]}")
    _unique(data["channels"], lambda c: c["name"], "channels", "{0[name]}")
    _unique(data["personas"], lambda p: p["name"], "personas", "{0[name]}")
    _unique(data["touchpoints"], lambda tp: tp["id"], "touchpoints", "{0[id]}")
    _unique(data["scores"], lambda s: (s["touchpoint"], s["user"]), "scores", "{0[user]}")
    _unique(data["votes"], lambda v: (v["touchpoint"], v["user"]), "votes", "{0[user]}")
    _unique(
        data["evidence"],
        lambda e: (e["touchpoint"], e["message_channel"], e["message_ts"]),
        "evidence",
        "{0[permalink]}",
    )
    named = {
        Lane.STAGE: {s["name"] for s in data["stages"]},
        Lane.CHANNEL: {c["name"] for c in data["channels"]},
    }
    personas = {p["name"] for p in data["personas"]}
    for index, touchpoint in enumerate(data["touchpoints"]):
        for field, names in named.items():
            if touchpoint[field.value] not in names:
                raise UserError(
                    "At {path}: there is no {kind} called “{name}” in the file.",
                    path=_path(["touchpoints", index, field.value]),
                    kind=KIND[field],
                    name=touchpoint[field.value],
                )
        for name in touchpoint["personas"]:
            if name not in personas:
                raise UserError(
                    "At {path}: there is no persona called “{name}” in the file.",
                    path=_path(["touchpoints", index, "personas"]),
                    name=name,
                )
    ids = {tp["id"] for tp in data["touchpoints"]}
    for where in ("notes", "scores", "votes", "evidence", "improvements"):
        for index, item in enumerate(data[where]):
            if item["touchpoint"] not in ids:
                raise UserError(
                    "At {path}: there is no touchpoint {id} in the file.",
                    path=_path([where, index, "touchpoint"]),
                    id=item["touchpoint"],
                )
