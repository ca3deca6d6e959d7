"""How big things are drawn, by how many stages the map has, and the dpi a PNG gets.

A small map gets roomy cards and larger type; a wide one narrower cards and smaller type (never under
7 pt), so that 30 stages still fit a picture one can zoom into.
"""

from dataclasses import dataclass, replace

MARGIN = 28.0
MIN_WIDTH = 480.0
LANE_GAP = 8.0
# A map with few stages widens its cards, up to this much, to fill the picture's minimum width.
MAX_STRETCH = 1.5
PNG_DPI_STEPS = (144.0, 120.0, 96.0, 80.0, 72.0)
# Pixels a PNG may have (about 4 bytes each while drawing), which keeps rendering under 300 MB.
MAX_PIXELS = 30_000_000
VECTOR_DPI = 72.0


@dataclass(frozen=True)
class Sizing:
    card_width: float
    title_sizes: tuple[float, ...]
    title_lines: int
    meta_size: float
    stage_size: float
    lane_width: float
    lane_size: float
    gutter: float
    card_gap: float
    cards_per_cell: int

    @property
    def column_width(self) -> float:
        return self.card_width + 2 * self.gutter


ROOMY = Sizing(
    card_width=164,
    title_sizes=(9.5, 9.0, 8.5, 8.0),
    title_lines=4,
    meta_size=7.5,
    stage_size=10.5,
    lane_width=118,
    lane_size=10,
    gutter=8,
    card_gap=7,
    cards_per_cell=6,
)
COMPACT = Sizing(
    card_width=144,
    title_sizes=(8.5, 8.0, 7.5),
    title_lines=3,
    meta_size=7.0,
    stage_size=9.5,
    lane_width=108,
    lane_size=9.5,
    gutter=7,
    card_gap=6,
    cards_per_cell=5,
)
DENSE = Sizing(
    card_width=124,
    title_sizes=(8.0, 7.5, 7.0),
    title_lines=3,
    meta_size=7.0,
    stage_size=9.0,
    lane_width=100,
    lane_size=9.0,
    gutter=6,
    card_gap=5,
    cards_per_cell=5,
)


def sizing_for(stages: int) -> Sizing:
    tier = ROOMY if stages <= 8 else COMPACT if stages <= 16 else DENSE
    if not stages:
        return tier
    room = (MIN_WIDTH - 2 * MARGIN - tier.lane_width - LANE_GAP) / stages - 2 * tier.gutter
    return replace(tier, card_width=min(max(tier.card_width, room), tier.card_width * MAX_STRETCH))


def png_dpi(width: float, height: float) -> float:
    """The finest dpi step at which a sheet of this many points stays within the pixel budget."""
    inches = width / 72 * height / 72
    return next((dpi for dpi in PNG_DPI_STEPS if inches * dpi * dpi <= MAX_PIXELS), PNG_DPI_STEPS[-1])
