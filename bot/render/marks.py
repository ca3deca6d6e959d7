"""What gets drawn, as plain data: boxes, texts, markers, lines and areas on a sheet.

Coordinates are points (1/72 inch) from the sheet's top-left corner, y growing downwards, laid out in
reading order for a left-to-right map; a right-to-left map is the same sheet mirrored, where each
text's start edge becomes its right edge.
"""

from dataclasses import dataclass, field, replace
from typing import Literal

Align = Literal["start", "end", "center"]
Marker = Literal["dot", "ring", "evidence", "up", "down"]

# Layers, bottom to top.
BACKGROUND, SHADOWS, CARDS, ACCENTS, SYMBOLS, TEXT = range(6)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def mirrored(self, width: float) -> "Box":
        return replace(self, x=width - self.x - self.w)


@dataclass(frozen=True)
class Rect:
    """A filled, optionally outlined, rounded rectangle."""

    box: Box
    fill: str
    edge: str = "none"
    line_width: float = 0.0
    dashed: bool = False
    radius: float = 0.0
    alpha: float = 1.0
    layer: int = BACKGROUND


@dataclass(frozen=True)
class Text:
    """A block of text: `x` is its anchor edge (start, end or centre), `y` its top; `frame` is the box
    it must stay inside, and `role` says what it is (for tests and alt text). `rtl` text is laid out
    right to left: user text in a Persian or Arabic map, and fixed words translated into them."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    frame: Box
    role: str
    colour: str
    bold: bool = False
    align: Align = "start"
    rtl: bool = False

    def mirrored(self, width: float) -> "Text":
        return replace(self, x=width - self.x, frame=self.frame.mirrored(width))


@dataclass(frozen=True)
class Symbols:
    """Markers of one kind, size (points across) and colour at the given centres."""

    centres: tuple[tuple[float, float], ...]
    marker: Marker
    size: float
    colour: str
    edge: str = "none"

    def mirrored(self, width: float) -> "Symbols":
        return replace(self, centres=tuple((width - x, y) for x, y in self.centres))


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    layer: int = ACCENTS

    def mirrored(self, width: float) -> "Line":
        return replace(self, points=tuple((width - x, y) for x, y in self.points))


@dataclass(frozen=True)
class Area:
    """A filled polygon."""

    points: tuple[tuple[float, float], ...]
    colour: str
    alpha: float = 1.0

    def mirrored(self, width: float) -> "Area":
        return replace(self, points=tuple((width - x, y) for x, y in self.points))


@dataclass(frozen=True)
class Slot:
    """Where a touchpoint's card landed, for the layout report."""

    stage: int
    channel: int
    title: str
    box: Box

    def mirrored(self, width: float) -> "Slot":
        return replace(self, box=self.box.mirrored(width))


@dataclass
class Sheet:
    """Everything drawn, in drawing order within each kind."""

    width: float = 0.0
    height: float = 0.0
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    symbols: list[Symbols] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    columns: list[Box] = field(default_factory=list)
    lanes: list[Box] = field(default_factory=list)

    def mirrored(self) -> "Sheet":
        w = self.width
        return Sheet(
            width=w,
            height=self.height,
            rects=[replace(rect, box=rect.box.mirrored(w)) for rect in self.rects],
            texts=[text.mirrored(w) for text in self.texts],
            symbols=[symbols.mirrored(w) for symbols in self.symbols],
            lines=[line.mirrored(w) for line in self.lines],
            areas=[area.mirrored(w) for area in self.areas],
            slots=[slot.mirrored(w) for slot in self.slots],
            columns=[column.mirrored(w) for column in self.columns],
            lanes=[lane.mirrored(w) for lane in self.lanes],
        )
