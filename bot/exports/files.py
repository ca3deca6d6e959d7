"""An export's files, in each format, from a map's document: pure, so Slack and the CLI share them."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from bot.document.codec import to_json
from bot.document.picture import picture_of
from bot.exports.csv_export import notes_csv, touchpoints_csv
from bot.exports.markdown import report
from bot.i18n import translator
from bot.render import render

Format = Literal["json", "csv", "md", "png", "svg", "pdf"]
FORMATS: tuple[Format, ...] = get_args(Format)
IMAGE_FORMATS = ("png", "svg", "pdf")
STEM_MAX = 60


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes


def stem_of(title: str) -> str:
    """A file name for the map: its title's letters and digits (in any script, ZWNJ kept), dashed."""
    words = re.findall(r"[\w\u200c]+", title)
    return "-".join(words)[:STEM_MAX].strip("-") or "touchpoint-map"


def version_label(latest: int, language: str) -> str:
    """What a picture of the live map says it shows: the state after the newest snapshot, or live."""
    t = translator(language)
    return t("after v{version}", version=latest) if latest else t("live")


def export_files(
    document: dict[str, Any], fmt: Format, stem: str, day: date, names: Mapping[str, str] | None = None
) -> list[ExportFile]:
    """The files of an export of `document` (an `export_document`), named from `stem`; `names` are the
    people's display names by Slack user id, where the format shows people (the CLI has none: ids)."""
    names = names or {}
    match fmt:
        case "json":
            return [ExportFile(f"{stem}.json", to_json(document))]
        case "csv":
            return [
                ExportFile(f"{stem}.csv", touchpoints_csv(document)),
                ExportFile(f"{stem}-notes.csv", notes_csv(document)),
            ]
        case "md":
            return [ExportFile(f"{stem}.md", report(document, day, names).encode())]
    snapshots = document.get("snapshots") or []
    picture = picture_of(
        document,
        language=document["language"],
        version=version_label(max((s["version"] for s in snapshots), default=0), document["language"]),
        day=day,
        owners=names,
    )
    return [ExportFile(f"{stem}.{fmt}", render(picture, fmt))]
