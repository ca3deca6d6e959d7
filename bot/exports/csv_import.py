"""Reading a CSV of touchpoints, as the CSV export writes it or as Excel and Google Sheets save one.

The separator (comma, semicolon or tab) is sniffed; headings are known in English, Persian and Arabic
(and as the keys of `COLUMNS`); stage, channel and title are required, the other columns optional, and
the figures (+/− counts, score, votes, evidence) are read by nobody: they come from the analysis. Every
problem is a UserError naming its line and column (as a spreadsheet letters them).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from bot.document.codec import check_rows, decode
from bot.exports.csv_export import COLUMNS, FORMULA_STARTS
from bot.i18n import LANGUAGES, translator
from bot.method.errors import Msg, UserError
from bot.method.matching import normalize
from bot.method.vocabulary import NAME_MAX, NOTE_MAX, PHASE_WORDS, PHASES, TITLE_MAX, Phase

REQUIRED = ("stage", "channel", "title")
READ = ("stage", "phase", "channel", "title", "description", "need", "owner", "personas")
SEPARATORS = ",;\t"
PERSONA_SPLIT = re.compile(r"[;؛]")
_USER = re.compile(r"^<?@?([UW][A-Z0-9]{2,31})(?:\|[^>]*)?>?$")
_LIMITS = {
    "stage": NAME_MAX,
    "channel": NAME_MAX,
    "title": TITLE_MAX,
    "description": NOTE_MAX,
    "need": NOTE_MAX,
}


@dataclass(frozen=True)
class Row:
    """One touchpoint as a line of the file gives it."""

    line: int
    stage: str
    phase: Phase | None
    channel: str
    title: str
    description: str = ""
    need: str = ""
    owner: str | None = None
    personas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    rows: list[Row]
    ignored: list[str] = field(default_factory=list)  # headings of columns the import doesn't read


@cache
def _headings() -> dict[str, str]:
    """Each column's key by its heading in every language, and by the key itself."""
    known = {normalize(key): key for key, _ in COLUMNS}
    for language in LANGUAGES:
        t = translator(language)
        known |= {normalize(t(heading)): key for key, heading in COLUMNS}
    return known


@cache
def _phases() -> dict[str, Phase]:
    known = {normalize(phase.value): phase for phase in Phase}
    for phase in Phase:
        known |= {normalize(word): phase for word in PHASE_WORDS[phase]}
    for language in LANGUAGES:
        t = translator(language)
        known |= {normalize(t(label)): phase for phase, label in PHASES.items()}
    return known


def column_letter(number: int) -> str:
    """A 1-based column number as a spreadsheet names it: A … Z, AA …"""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _separator(text: str) -> str:
    """The separator: what csv.Sniffer finds, unless the first line splits better on another one."""
    header = text.split("\n", 1)[0]
    try:
        sniffed = csv.Sniffer().sniff(text[:65536], delimiters=SEPARATORS).delimiter
    except csv.Error:
        sniffed = ","
    known = _headings()

    def recognised(separator: str) -> int:
        cells = next(csv.reader([header], delimiter=separator), [])
        return sum(normalize(cell) in known for cell in cells)

    return max([sniffed, *SEPARATORS.replace(sniffed, "")], key=recognised)


def read_table(raw: bytes) -> Table:
    """The touchpoints a CSV file holds, or UserError saying what is wrong and where."""
    text = decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text), strict=True)
    lines = _lines(reader)
    if not lines:
        raise UserError(
            "The file is empty: it needs a line of column headings, then one line per touchpoint."
        )
    (_, header), body = lines[0], lines[1:]
    columns = _columns(header)
    check_rows(len(body))
    rows = [_row(line, cells, columns) for line, cells in body]
    if not rows:
        raise UserError("The file has headings but no touchpoints.")
    known = _headings()
    return Table(rows, [cell for cell in header if cell.strip() and normalize(cell) not in known])


def _lines(reader) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each line that has anything in it."""
    lines: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return lines
        except csv.Error as error:
            raise UserError(
                "Line {line}: the CSV is malformed ({reason}).", line=start, reason=str(error)
            ) from None
        if any(cell.strip() for cell in cells):
            lines.append((start, cells))


def _columns(header: list[str]) -> dict[str, int]:
    """Where each column the import reads is (0-based), by key."""
    known = _headings()
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = known.get(normalize(cell))
        if key is None:
            continue
        if key in columns:
            raise UserError(
                "Line 1, column {column}: “{heading}” is there twice.",
                column=column_letter(index + 1),
                heading=cell,
            )
        columns[key] = index
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise UserError(
            "Line 1: there is no “{heading}” column; the headings need a stage, a channel and a touchpoint.",
            heading=_heading(missing[0]),
        )
    return {key: index for key, index in columns.items() if key in READ}


def _row(line: int, cells: list[str], columns: dict[str, int]) -> Row:
    def cell(key: str) -> tuple[str, str]:
        """The cell's text, cleaned, and its column's letter."""
        index = columns.get(key)
        if index is None or index >= len(cells):
            return "", column_letter((index or 0) + 1)
        value = cells[index].strip()
        if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]
        return value, column_letter(index + 1)

    values: dict[str, Any] = {}
    for key, limit in _LIMITS.items():
        value, letter = cell(key)
        value = _fold(value, keep_lines=key in ("description", "need"))
        if not value and key in REQUIRED:
            raise UserError(
                "Line {line}, column {column}: “{heading}” is empty; every touchpoint needs one.",
                line=line,
                column=letter,
                heading=_heading(key),
            )
        if len(value) > limit:
            raise UserError(
                "Line {line}, column {column}: this can be at most {limit} characters; it has {length}.",
                line=line,
                column=letter,
                limit=limit,
                length=len(value),
            )
        values[key] = value
    phase_text, letter = cell("phase")
    phase = _phases().get(normalize(phase_text)) if phase_text else None
    if phase_text and phase is None:
        raise UserError(
            "Line {line}, column {column}: “{value}” is not a purchase phase: use before, during or after.",
            line=line,
            column=letter,
            value=phase_text,
        )
    owner_text, letter = cell("owner")
    owner = _USER.match(owner_text)
    if owner_text and owner is None:
        raise UserError(
            "Line {line}, column {column}: “{value}” is not a Slack member ID, such as U0123ABCD "
            "(in Slack: a person's profile › ⋮ › Copy member ID).",
            line=line,
            column=letter,
            value=owner_text,
        )
    personas_text, letter = cell("personas")
    personas = tuple(
        dict.fromkeys(" ".join(p.split()) for p in PERSONA_SPLIT.split(personas_text) if p.strip())
    )
    for persona in personas:
        if len(persona) > NAME_MAX:
            raise UserError(
                "Line {line}, column {column}: this can be at most {limit} characters; it has {length}.",
                line=line,
                column=letter,
                limit=NAME_MAX,
                length=len(persona),
            )
    return Row(line=line, phase=phase, owner=owner.group(1) if owner else None, personas=personas, **values)


def _heading(key: str) -> Msg:
    return Msg(dict(COLUMNS)[key])


def _fold(text: str, keep_lines: bool) -> str:
    """Runs of white space folded to one space, keeping line breaks where a text may have paragraphs."""
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
    return " ".join(text.split())


def as_document(table: Table) -> dict[str, Any]:
    """The rows as a map's document (bot/document/capture.py) to merge into a map: stages, channels and
    personas in order of first appearance; a stage without a phase takes the one of the stage before it."""
    stages: dict[str, dict[str, Any]] = {}
    channels: dict[str, dict[str, Any]] = {}
    personas: dict[str, dict[str, str]] = {}
    phase = Phase.BEFORE
    for row in table.rows:
        if normalize(row.stage) not in stages:
            phase = row.phase or phase
            stages[normalize(row.stage)] = {
                "name": row.stage,
                "phase": phase.value,
                "position": len(stages) + 1,
            }
        channels.setdefault(normalize(row.channel), {"name": row.channel, "position": len(channels) + 1})
        for name in row.personas:
            personas.setdefault(normalize(name), {"name": name, "description": ""})
    return {
        "stages": list(stages.values()),
        "channels": list(channels.values()),
        "personas": list(personas.values()),
        "touchpoints": [
            {
                "id": number,
                "stage": row.stage,
                "channel": row.channel,
                "title": row.title,
                "description": row.description,
                "need": row.need,
                "owner": row.owner,
                "personas": list(row.personas),
            }
            for number, row in enumerate(table.rows, start=1)
        ],
        "notes": [],
        "scores": [],
        "votes": [],
        "evidence": [],
        "improvements": [],
    }
