"""Where things ended up in a rendered picture, in pixels from its top-left corner: every drawn text's
extent (as matplotlib measured it when drawing) and the box it must stay inside, every card's box, and
every stage column and channel swimlane. Tests check overlaps, clipping and direction with it."""

from dataclasses import dataclass

from matplotlib.backend_bases import RendererBase

from bot.render.draw import Drawing
from bot.render.marks import Box, Sheet


@dataclass(frozen=True)
class Extent:
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, other: "Extent", tolerance: float = 0.0) -> bool:
        return (
            self.x0 - tolerance <= other.x0
            and other.x1 <= self.x1 + tolerance
            and self.y0 - tolerance <= other.y0
            and other.y1 <= self.y1 + tolerance
        )

    def overlaps(self, other: "Extent") -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


@dataclass(frozen=True)
class DrawnText:
    text: str
    role: str
    box: Extent
    frame: Extent


@dataclass(frozen=True)
class DrawnCard:
    stage: int
    channel: int
    title: str
    box: Extent


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    dpi: float
    texts: tuple[DrawnText, ...]
    cards: tuple[DrawnCard, ...]
    columns: tuple[Extent, ...]
    lanes: tuple[Extent, ...]

    @property
    def figure(self) -> Extent:
        return Extent(0, 0, self.width, self.height)


def measure_layout(sheet: Sheet, drawing: Drawing, renderer: RendererBase) -> Layout:
    figure = drawing.figure
    scale = figure.dpi / 72
    width, height = sheet.width * scale, sheet.height * scale

    def from_box(box: Box) -> Extent:
        return Extent(box.x * scale, box.y * scale, box.right * scale, box.bottom * scale)

    texts = []
    for mark, artist in drawing.texts:
        drawn = artist.get_window_extent(renderer)
        box = Extent(drawn.x0, height - drawn.y1, drawn.x1, height - drawn.y0)
        texts.append(DrawnText(artist.get_text(), mark.role, box, from_box(mark.frame)))
    cards = tuple(DrawnCard(slot.stage, slot.channel, slot.title, from_box(slot.box)) for slot in sheet.slots)
    columns = tuple(from_box(box) for box in sheet.columns)
    lanes = tuple(from_box(box) for box in sheet.lanes)
    return Layout(width, height, figure.dpi, tuple(texts), cards, columns, lanes)
