"""The CSV export: one row per touchpoint, and a second file with one row per note.

Two files rather than a zip: each opens in Excel or Google Sheets with a double click, and Slack shares
both in one message. Both are UTF-8 with a byte order mark, so Excel reads Persian and Arabic right, and
end rows with CRLF. Headings are in the map's language; the import knows them in every language.
"""

import csv
import io
from typing import Any

from bot.i18n import N_, Translator, translator
from bot.method.vocabulary import PHASES

# (key, heading) of each column of the touchpoints file; the import reads the same columns.
COLUMNS = (
    ("stage", N_("Stage")),
    ("phase", N_("Purchase phase")),
    ("channel", N_("Channel")),
    ("title", N_("Touchpoint")),
    ("description", N_("What happens")),
    ("need", N_("Customer need")),
    ("owner", N_("Owner")),
    ("personas", N_("Personas")),
    ("positive", N_("Works (+)")),
    ("negative", N_("Falls short (−)")),
    ("mean_score", N_("Mean score")),
    ("votes", N_("Votes")),
    ("evidence", N_("Evidence")),
)
NOTE_COLUMNS = (
    ("stage", N_("Stage")),
    ("channel", N_("Channel")),
    ("title", N_("Touchpoint")),
    ("polarity", N_("Works or falls short")),
    ("text", N_("Note")),
    ("author", N_("Author")),
)
POLARITIES = {"positive": N_("Works (+)"), "negative": N_("Falls short (−)")}
PERSONA_SEPARATOR = "; "
# A cell starting with one of these is a formula to a spreadsheet: an apostrophe before it keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str) -> str:
    """User text made safe to open in a spreadsheet (the import takes the apostrophe off again)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _write(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def touchpoints_csv(document: dict[str, Any]) -> bytes:
    t = translator(document["language"])
    labels = {phase.value: t(label) for phase, label in PHASES.items()}
    phases = {s["name"]: labels[s["phase"]] for s in document["stages"]}
    rows = [
        [
            text_cell(each["stage"]),
            phases[each["stage"]],
            text_cell(each["channel"]),
            text_cell(each["title"]),
            text_cell(each["description"]),
            text_cell(each["need"]),
            each["owner"] or "",
            text_cell(PERSONA_SEPARATOR.join(each["personas"])),
            each["notes"]["positive"],
            each["notes"]["negative"],
            "" if each["mean_score"] is None else each["mean_score"],
            each["votes"],
            each["evidence"],
        ]
        for each in document["touchpoints"]
    ]
    return _write(_header(COLUMNS, t), rows)


def notes_csv(document: dict[str, Any]) -> bytes:
    t = translator(document["language"])
    touchpoints = {each["id"]: each for each in document["touchpoints"]}
    polarities = {polarity: t(label) for polarity, label in POLARITIES.items()}
    order = {touchpoint_id: index for index, touchpoint_id in enumerate(touchpoints)}
    rows = []
    for note in sorted(document["notes"], key=lambda n: order[n["touchpoint"]]):  # timeline order
        on = touchpoints[note["touchpoint"]]
        rows.append(
            [
                text_cell(on["stage"]),
                text_cell(on["channel"]),
                text_cell(on["title"]),
                polarities[note["polarity"]],
                text_cell(note["text"]),
                note["author"],
            ]
        )
    return _write(_header(NOTE_COLUMNS, t), rows)


def _header(columns: tuple[tuple[str, str], ...], t: Translator) -> list[str]:
    return [t(heading) for _, heading in columns]
