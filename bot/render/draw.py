"""Turns a sheet's marks into a matplotlib figure: rectangles and markers in a few collections, each text
block one `Text` (math parsing off), all placed in points through one transform."""

from collections import defaultdict
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import BoxStyle, Polygon
from matplotlib.path import Path
from matplotlib.text import Text as TextArtist
from matplotlib.transforms import Affine2D, Transform

from bot.render import marks, palette
from bot.render.typography import LINE_SPACING, directed, font

_EVIDENCE = Path(
    [(-0.36, -0.5), (0.36, -0.5), (0.36, 0.22), (0.08, 0.5), (-0.36, 0.5), (-0.36, -0.5)], closed=True
)
_UP = Path(
    [
        (0, 0.5),
        (0.42, 0.04),
        (0.15, 0.04),
        (0.15, -0.5),
        (-0.15, -0.5),
        (-0.15, 0.04),
        (-0.42, 0.04),
        (0, 0.5),
    ],
    closed=True,
)
_DOWN = _UP.transformed(Affine2D().scale(1, -1))
_MARKERS: dict[str, str | Path] = {"dot": "o", "ring": "o", "evidence": _EVIDENCE, "up": _UP, "down": _DOWN}


@dataclass(frozen=True)
class Drawing:
    """A drawn figure and its text artists, each with the mark it draws."""

    figure: Figure
    texts: list[tuple[marks.Text, TextArtist]]


def draw(sheet: marks.Sheet, dpi: float, rtl: bool) -> Drawing:
    figure = Figure(figsize=(sheet.width / 72, sheet.height / 72), dpi=dpi, facecolor=palette.CANVAS)
    FigureCanvasAgg(figure)
    points = Affine2D().scale(1 / 72, -1 / 72).translate(0, sheet.height / 72) + figure.dpi_scale_trans
    _draw_rects(figure, sheet.rects, points)
    for area in sheet.areas:
        figure.add_artist(
            Polygon(
                area.points,
                facecolor=area.colour,
                alpha=area.alpha,
                linewidth=0,
                transform=points,
                zorder=0.7,
            )
        )
    for line in sheet.lines:
        xs, ys = zip(*line.points, strict=True)
        figure.add_artist(
            Line2D(
                xs,
                ys,
                color=line.colour,
                linewidth=line.width,
                solid_capstyle="round",
                solid_joinstyle="round",
                transform=points,
                zorder=line.layer + 0.5,
            )
        )
    _draw_symbols(figure, sheet.symbols, points)
    texts = [(text, _draw_text(figure, text, points, rtl)) for text in sheet.texts]
    return Drawing(figure, texts)


def _rounded(box: marks.Box, radius: float) -> Path:
    radius = min(radius, box.w / 2, box.h / 2)
    return BoxStyle.Round(pad=0, rounding_size=radius)(box.x, box.y, box.w, box.h, 1.0)


def _draw_rects(figure: Figure, rects: list[marks.Rect], points: Transform) -> None:
    by_layer: dict[int, list[marks.Rect]] = defaultdict(list)
    for rect in rects:
        by_layer[rect.layer].append(rect)
    for layer, group in by_layer.items():
        figure.add_artist(
            PathCollection(
                [_rounded(rect.box, rect.radius) for rect in group],
                facecolors=[to_rgba(rect.fill, rect.alpha) for rect in group],
                edgecolors=[rect.edge for rect in group],
                linewidths=[rect.line_width for rect in group],
                linestyles=[(0, (3, 2)) if rect.dashed else "solid" for rect in group],
                transform=points,
                zorder=layer,
            )
        )


def _draw_symbols(figure: Figure, symbols: list[marks.Symbols], points: Transform) -> None:
    groups: dict[tuple, list[tuple[float, float]]] = defaultdict(list)
    for each in symbols:
        groups[each.marker, each.size, each.colour, each.edge].extend(each.centres)
    for (marker, size, colour, edge), centres in groups.items():
        xs, ys = zip(*centres, strict=True)
        ring = marker == "ring"
        figure.add_artist(
            Line2D(
                xs,
                ys,
                linestyle="none",
                marker=_MARKERS[marker],
                markersize=size,
                markerfacecolor="none" if ring else colour,
                markeredgecolor=colour if ring else edge,
                markeredgewidth=1.6 if ring or edge != "none" else 0,
                transform=points,
                zorder=marks.SYMBOLS,
            )
        )


def _draw_text(figure: Figure, text: marks.Text, points: Transform, rtl: bool) -> TextArtist:
    start, end = ("right", "left") if rtl else ("left", "right")
    anchor = {"start": start, "end": end, "center": "center"}[text.align]
    return figure.text(
        text.x,
        text.y,
        directed(text.lines, text.rtl),
        transform=points,
        ha=anchor,
        va="top",
        multialignment=anchor,
        fontproperties=font(text.size, text.bold),
        color=text.colour,
        linespacing=LINE_SPACING,
        parse_math=False,
        zorder=marks.TEXT,
    )
