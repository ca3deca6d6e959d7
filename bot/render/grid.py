"""The grid: purchase-phase bands over the stage columns, the channels as swimlanes, and each touchpoint's
card stacked in its stage × channel cell; a crowded cell shows its first cards and "+N more"."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from bot.render import palette
from bot.render.card import FittedCard, fit_card, place_card
from bot.render.labels import Labels, Phrase
from bot.render.marks import CARDS, Box, Rect, Sheet, Symbols, Text
from bot.render.model import Card, Stage
from bot.render.sizing import LANE_GAP, Sizing
from bot.render.typography import Measure, fit, line_height, optical_centre, truncate

LANE_PAD = 10.0
ROW_GAP = 5.0
MIN_ROW = 48.0
BAND_PAD = 5.0
BAND_SIZES = (8.5, 8.0, 7.5, 7.0)
BADGE = 16.0
BADGE_SIZE = 7.5
BADGE_GAP = 6.0
HEADER_PAD = 8.0


@dataclass(frozen=True)
class Cell:
    """The cards a cell shows, and the "+N more" label when it holds more than fit."""

    cards: tuple[FittedCard, ...]
    more: Phrase | None

    def height(self, sizing: Sizing) -> float:
        heights = [card.height for card in self.cards]
        if self.more:
            heights.append(_chip_height(sizing))
        return sum(heights) + sizing.card_gap * max(0, len(heights) - 1)


@dataclass(frozen=True)
class Grid:
    """Where the grid sits: its left edge, the x of its first column and its column width."""

    left: float
    columns_left: float
    column_width: float
    stages: int

    @property
    def right(self) -> float:
        return self.columns_left + self.stages * self.column_width

    def column(self, stage: int) -> float:
        return self.columns_left + stage * self.column_width

    def centre(self, stage: int) -> float:
        return self.column(stage) + self.column_width / 2


def grid_geometry(stages: int, sizing: Sizing, left: float) -> Grid:
    return Grid(left, left + sizing.lane_width + LANE_GAP, sizing.column_width, stages)


def plan_grid(
    sheet: Sheet,
    grid: Grid,
    stages: Sequence[Stage],
    channels: Sequence[str],
    cards: Sequence[Card],
    sizing: Sizing,
    labels: Labels,
    top: float,
) -> float:
    """Draws the bands, the stage headers and the swimlanes from `top`; returns the bottom."""
    y = _plan_bands(sheet, grid, stages, labels, top)
    y = _plan_stage_headers(sheet, grid, stages, sizing, labels, y)
    by_cell: dict[tuple[int, int], list[Card]] = defaultdict(list)
    for card in cards:
        by_cell[card.stage, card.channel].append(card)
    for channel, name in enumerate(channels):
        cells = {
            stage: _fit_cell(by_cell[stage, channel], sizing, labels)
            for stage in range(len(stages))
            if by_cell.get((stage, channel))
        }
        y = _plan_row(sheet, grid, channel, name, cells, sizing, y, labels.rtl) + ROW_GAP
    bottom = y - ROW_GAP if channels else y
    sheet.columns.extend(
        Box(grid.column(i), top, grid.column_width, bottom - top) for i in range(len(stages))
    )
    return bottom


def _plan_bands(sheet: Sheet, grid: Grid, stages: Sequence[Stage], labels: Labels, top: float) -> float:
    runs: list[tuple[int, int, Phrase]] = []
    first = 0
    for phase, run in groupby(stages, key=lambda stage: stage.phase):
        count = len(list(run))
        runs.append((first, count, labels.phases[phase]))
        first += count
    fitted = [
        fit(name.text, count * grid.column_width - 4 * BAND_PAD, BAND_SIZES, 2, bold=True)
        for _, count, name in runs
    ]
    height = max((label.height for label in fitted), default=0.0) + 2 * BAND_PAD
    for (first, count, name), label in zip(runs, fitted, strict=True):
        box = Box(grid.column(first) + 2, top, count * grid.column_width - 4, height)
        sheet.rects.append(Rect(box, palette.BAND, radius=min(height / 2, 8)))
        label_top = top + (height - label.height) / 2
        sheet.texts.append(
            Text(
                box.x + box.w / 2,
                label_top,
                label.lines,
                label.size,
                box,
                "phase",
                palette.MUTED,
                True,
                "center",
                rtl=name.rtl,
            )
        )
    return top + height + HEADER_PAD


def _plan_stage_headers(
    sheet: Sheet, grid: Grid, stages: Sequence[Stage], sizing: Sizing, labels: Labels, top: float
) -> float:
    name_width = grid.column_width - 2 * sizing.gutter - BADGE - BADGE_GAP
    sizes = tuple(sizing.stage_size - 0.5 * i for i in range(4))
    names = [fit(stage.name, name_width, sizes, 3, bold=True) for stage in stages]
    height = max([BADGE, *(name.height for name in names)])
    for index, name in enumerate(names):
        x = grid.column(index) + sizing.gutter
        header = Box(grid.column(index), top, grid.column_width, height)
        centre_y = top + max(BADGE / 2, optical_centre(name.size))
        badge = Box(x, centre_y - BADGE / 2, BADGE, BADGE)
        sheet.symbols.append(Symbols(((x + BADGE / 2, centre_y),), "dot", BADGE, palette.HIGHLIGHT))
        number_top = centre_y - optical_centre(BADGE_SIZE)
        sheet.texts.append(
            Text(
                x + BADGE / 2,
                number_top,
                (labels.number(index + 1),),
                BADGE_SIZE,
                badge,
                "stage-number",
                palette.CANVAS,
                True,
                "center",
            )
        )
        sheet.texts.append(
            Text(
                x + BADGE + BADGE_GAP,
                top,
                name.lines,
                name.size,
                header,
                "stage",
                palette.INK,
                True,
                rtl=labels.rtl,
            )
        )
    return top + height + HEADER_PAD


def _fit_cell(cards: Sequence[Card], sizing: Sizing, labels: Labels) -> Cell:
    if len(cards) <= sizing.cards_per_cell:
        shown = list(cards)
    else:
        keep = sizing.cards_per_cell - 1
        ranked = sorted(range(len(cards)), key=lambda i: (-cards[i].votes, -cards[i].minus, i))[:keep]
        shown = [cards[i] for i in sorted(ranked)]
    more = None
    if len(shown) < len(cards):
        phrase = labels.more(len(cards) - len(shown))
        measure = Measure(_more_size(sizing), True)
        more = Phrase(truncate(phrase.text, sizing.card_width - 12, measure), phrase.rtl)
    return Cell(tuple(fit_card(card, sizing, labels) for card in shown), more)


def _plan_row(
    sheet: Sheet,
    grid: Grid,
    channel: int,
    name: str,
    cells: dict[int, Cell],
    sizing: Sizing,
    top: float,
    rtl: bool,
) -> float:
    sizes = tuple(sizing.lane_size - 0.5 * i for i in range(4))
    label = fit(name, sizing.lane_width - 2 * LANE_PAD, sizes, 4, bold=True)
    content = max((cell.height(sizing) for cell in cells.values()), default=0.0)
    height = max(MIN_ROW, label.height + 2 * LANE_PAD, content + 2 * sizing.gutter)
    fill = palette.LANE if channel % 2 == 0 else palette.LANE_ALT
    row = Box(grid.left, top, grid.right - grid.left, height)
    sheet.lanes.append(row)
    sheet.rects.append(Rect(row, fill, radius=8))
    lane = Box(grid.left, top, sizing.lane_width, height)
    sheet.rects.append(Rect(lane, palette.LANE_LABEL, radius=8))
    sheet.texts.append(
        Text(
            grid.left + LANE_PAD,
            top + LANE_PAD,
            label.lines,
            label.size,
            lane,
            "channel",
            palette.INK,
            True,
            rtl=rtl,
        )
    )
    for stage, cell in cells.items():
        x = grid.column(stage) + sizing.gutter
        y = top + sizing.gutter
        for card in cell.cards:
            place_card(sheet, card, x, y, stage, channel)
            y += card.height + sizing.card_gap
        if cell.more:
            _place_more(
                sheet, cell.more, Box(x, y, sizing.card_width, _chip_height(sizing)), _more_size(sizing)
            )
    return top + height


def _more_size(sizing: Sizing) -> float:
    return sizing.meta_size + 0.5


def _chip_height(sizing: Sizing) -> float:
    return line_height(_more_size(sizing)) + 6


def _place_more(sheet: Sheet, more: Phrase, box: Box, size: float) -> None:
    sheet.rects.append(
        Rect(box, palette.CANVAS, palette.CARD_EDGE, 0.6, dashed=True, radius=box.h / 2, layer=CARDS)
    )
    sheet.texts.append(
        Text(
            box.x + box.w / 2,
            box.y + 3,
            (more.text,),
            size,
            box,
            "more",
            palette.MUTED,
            True,
            "center",
            rtl=more.rtl,
        )
    )
