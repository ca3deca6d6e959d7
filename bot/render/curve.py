"""The emotion curve under the grid: each stage's mean feeling on a line, a band for the spread between
people (where the team disagrees), and the lowest point, when below neutral, marked as the biggest pain."""

from collections.abc import Callable, Sequence

from bot.render import palette
from bot.render.grid import Grid
from bot.render.labels import Labels
from bot.render.marks import BACKGROUND, Area, Box, Line, Rect, Sheet, Symbols, Text
from bot.render.model import SCORE_MAX, Feeling, Stage
from bot.render.sizing import Sizing
from bot.render.typography import Measure, fit, line_height, optical_centre, truncate

UNIT = 18.0
PAD = 12.0
POINT = 8.0
RING = 17.0
INSET = 10.0
TITLE_SIZE = 9.0
SCALE_SIZE = 7.5
PAIN_SIZE = 8.0

ScoreToY = Callable[[float], float]


def plan_curve(
    sheet: Sheet, grid: Grid, stages: Sequence[Stage], sizing: Sizing, labels: Labels, top: float
) -> float:
    """Draws the curve's panel from `top`; returns its bottom."""
    pain_room = line_height(PAIN_SIZE) + RING / 2 + 4
    levels_top = top + PAD + line_height(TITLE_SIZE) + 8
    height = levels_top - top + 4 * UNIT + pain_room + PAD
    panel = Box(grid.left, top, grid.right - grid.left, height)
    plot = Box(grid.columns_left, top, grid.right - grid.columns_left, height)

    def y_of(score: float) -> float:
        return levels_top + (SCORE_MAX - score) * UNIT

    sheet.rects.append(Rect(panel, palette.LANE_ALT, radius=8, layer=BACKGROUND))
    _plan_axis(sheet, grid, sizing, labels, panel, y_of)
    points = [(grid.centre(i), stage.feeling) for i, stage in enumerate(stages) if stage.feeling is not None]
    for run in _runs(points, grid):
        _plan_run(sheet, run, y_of)
    if points:
        x, lowest = min(points, key=lambda point: point[1].mean)
        if lowest.mean < 0:
            _plan_pain(sheet, x, y_of(lowest.mean), labels, plot)
    return top + height


def _plan_axis(sheet: Sheet, grid: Grid, sizing: Sizing, labels: Labels, panel: Box, y_of: ScoreToY) -> None:
    title = fit(labels.feeling.text, sizing.lane_width - 2 * INSET, (TITLE_SIZE,), 1, bold=True)
    sheet.texts.append(
        Text(
            grid.left + INSET,
            panel.y + PAD,
            title.lines,
            TITLE_SIZE,
            panel,
            "curve-title",
            palette.INK,
            True,
            rtl=labels.feeling.rtl,
        )
    )
    measure = Measure(SCALE_SIZE, False)
    for score in (2, 1, 0, -1, -2):
        y = y_of(score)
        colour = palette.AXIS if score == 0 else palette.RULE
        sheet.lines.append(
            Line(((grid.columns_left, y), (grid.right, y)), colour, 0.9 if score == 0 else 0.6, BACKGROUND)
        )
        if score % 2 == 0:
            name = labels.scale[score + 2]
            text = truncate(name.text, sizing.lane_width - 2 * INSET, measure)
            label_top = y - optical_centre(SCALE_SIZE)
            sheet.texts.append(
                Text(
                    grid.columns_left - INSET,
                    label_top,
                    (text,),
                    SCALE_SIZE,
                    panel,
                    "curve-scale",
                    palette.MUTED,
                    align="end",
                    rtl=name.rtl,
                )
            )


def _runs(points: list[tuple[float, Feeling]], grid: Grid) -> list[list[tuple[float, Feeling]]]:
    """Stages next to each other that both have scores are joined; a stage without scores breaks the line."""
    runs: list[list[tuple[float, Feeling]]] = []
    for x, feeling in points:
        if runs and abs(x - runs[-1][-1][0] - grid.column_width) < 1e-6:
            runs[-1].append((x, feeling))
        else:
            runs.append([(x, feeling)])
    return runs


def _plan_run(sheet: Sheet, run: list[tuple[float, Feeling]], y_of: ScoreToY) -> None:
    if len(run) > 1:
        upper = [(x, y_of(feeling.high)) for x, feeling in run]
        lower = [(x, y_of(feeling.low)) for x, feeling in reversed(run)]
        sheet.areas.append(Area(tuple(upper + lower), palette.SPREAD, alpha=0.8))
        sheet.lines.append(Line(tuple((x, y_of(feeling.mean)) for x, feeling in run), palette.CURVE, 2.0))
    else:
        x, feeling = run[0]
        span = y_of(feeling.low) - y_of(feeling.high)
        if span > 0:
            box = Box(x - 5, y_of(feeling.high), 10, span)
            sheet.rects.append(Rect(box, palette.SPREAD, radius=5, alpha=0.8))
    for x, feeling in run:
        sheet.symbols.append(
            Symbols(
                ((x, y_of(feeling.mean)),), "dot", POINT, palette.feeling_colour(feeling.mean), palette.CANVAS
            )
        )


def _plan_pain(sheet: Sheet, x: float, y: float, labels: Labels, plot: Box) -> None:
    sheet.symbols.append(Symbols(((x, y),), "ring", RING, palette.MINUS))
    phrase = labels.biggest_pain
    label = fit(phrase.text, plot.w - 8, (PAIN_SIZE,), 1, bold=True)
    width = Measure(PAIN_SIZE, True).widest(label.lines)
    centre = min(max(x, plot.x + width / 2 + 4), plot.right - width / 2 - 4)
    sheet.texts.append(
        Text(
            centre,
            y + RING / 2 + 3,
            label.lines,
            PAIN_SIZE,
            plot,
            "biggest-pain",
            palette.MINUS,
            True,
            "center",
            rtl=phrase.rtl,
        )
    )
