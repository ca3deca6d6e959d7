"""The legend under the map: the feeling scale, what the card marks mean, and the compare view's marks.
Entries flow along the line and wrap, so the legend fits a one-stage map as well as a thirty-stage one."""

from dataclasses import dataclass, replace

from bot.render import palette
from bot.render.card import DOT, DOT_STEP, ICON
from bot.render.labels import Labels, Phrase
from bot.render.marks import CARDS, Box, Line, Marker, Rect, Sheet, Symbols, Text
from bot.render.typography import SLACK, Measure, optical_centre, truncate

SIZE = 8.0
ICON_GAP = 5.0
ENTRY_GAP = 14.0
GROUP_GAP = 26.0
ROW_GAP = 6.0
SWATCH = 10.0


@dataclass(frozen=True)
class Entry:
    """A legend entry: an icon (a swatch, markers or a sign) and its label; a heading has no icon."""

    label: Phrase
    swatch: Rect | None = None
    marker: Marker | None = None
    markers: int = 1
    colour: str = palette.MUTED
    sign: str = ""
    heading: bool = False


def _groups(labels: Labels, compare: bool) -> list[list[Entry]]:
    feeling = [Entry(labels.feeling, heading=True)]
    for score, name in zip((-2, -1, 0, 1, 2), labels.scale, strict=True):
        feeling.append(Entry(name, swatch=_swatch(palette.feeling_colour(score))))
    feeling.append(Entry(labels.no_score, swatch=_swatch(palette.CANVAS, palette.NO_SCORE, 0.8)))
    marks = [
        Entry(labels.works, sign="+"),
        Entry(labels.falls_short, sign="−"),
        Entry(labels.votes, marker="dot", markers=3, colour=palette.VOTE),
        Entry(labels.evidence, marker="evidence"),
    ]
    groups = [feeling, marks]
    if compare:
        groups.append(
            [
                Entry(labels.added, swatch=_swatch(palette.CANVAS, palette.HIGHLIGHT, 1.6, width=16)),
                Entry(
                    labels.removed, swatch=_swatch(palette.CANVAS, palette.FAINT, 0.9, width=16, dashed=True)
                ),
                Entry(labels.score_up, marker="up", colour=palette.PLUS),
                Entry(labels.score_down, marker="down", colour=palette.MINUS),
            ]
        )
    return groups


def _swatch(
    fill: str, edge: str = "none", line_width: float = 0.0, width: float = SWATCH, dashed: bool = False
) -> Rect:
    return Rect(Box(0, 0, width, SWATCH), fill, edge, line_width, dashed, radius=2.5, layer=CARDS)


def plan_legend(sheet: Sheet, labels: Labels, compare: bool, left: float, width: float, top: float) -> float:
    """Draws a rule and the legend from `top` across `width`; returns the bottom."""
    sheet.lines.append(Line(((left, top), (left + width, top)), palette.RULE, 0.8))
    regular, bold = Measure(SIZE, False), Measure(SIZE, True)
    row_height = max(regular.line_height, SWATCH)
    x, y = left, top + 10
    for group in _groups(labels, compare):
        if x > left:
            x += GROUP_GAP - ENTRY_GAP
        for entry in group:
            measure = bold if entry.heading else regular
            icon = _icon_width(entry, bold)
            text = truncate(entry.label.text, width - icon, measure)
            entry_width = icon + measure.width(text) / SLACK
            if x > left and x + entry_width > left + width:
                x, y = left, y + row_height + ROW_GAP
            box = Box(x, y, entry_width, row_height)
            _place_icon(sheet, entry, x, y, box)
            colour = palette.INK if entry.heading else palette.MUTED
            sheet.texts.append(
                Text(x + icon, y, (text,), SIZE, box, "legend", colour, entry.heading, rtl=entry.label.rtl)
            )
            x += entry_width + ENTRY_GAP
    return y + row_height


def _icon_width(entry: Entry, bold: Measure) -> float:
    if entry.swatch:
        return entry.swatch.box.w + ICON_GAP
    if entry.marker == "dot":
        return DOT + DOT_STEP * (entry.markers - 1) + ICON_GAP
    if entry.marker:
        return ICON + ICON_GAP
    if entry.sign:
        return bold.width(entry.sign) / SLACK + ICON_GAP - 1
    return 0.0


def _place_icon(sheet: Sheet, entry: Entry, x: float, top: float, box: Box) -> None:
    centre = top + optical_centre(SIZE)
    if entry.swatch:
        swatch = entry.swatch.box
        sheet.rects.append(replace(entry.swatch, box=Box(x, centre - swatch.h / 2, swatch.w, swatch.h)))
    elif entry.marker == "dot":
        centres = tuple((x + DOT / 2 + DOT_STEP * i, centre) for i in range(entry.markers))
        sheet.symbols.append(Symbols(centres, "dot", DOT, entry.colour))
    elif entry.marker:
        sheet.symbols.append(Symbols(((x + ICON / 2, centre),), entry.marker, ICON, entry.colour))
    elif entry.sign:
        sheet.texts.append(Text(x, top, (entry.sign,), SIZE, box, "legend", entry.colour, bold=True))
