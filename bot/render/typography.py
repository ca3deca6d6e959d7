"""Fonts, text measurement and wrapping.

Text is measured as the Agg renderer lays it out when drawing unhinted glyphs (`image`): with the
bundled fonts, shaped by libraqm, one word at a time (cached). Unhinted advances scale with the font
size, so a measure in points holds at every dpi, and a line is as wide as its words and spaces.
Right-to-left lines are wrapped in logical order, then each starts with U+200F so that libraqm lays
out a line that begins with a Latin word or a number right to left too.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from matplotlib.font_manager import FontProperties, findfont, fontManager, get_font
from matplotlib.ft2font import FT2Font, LoadFlags

FONT_DIR = Path(__file__).with_name("fonts")
FAMILY = ("Vazirmatn", "DejaVu Sans")
RLM = "\u200f"
ELLIPSIS = "…"
LINE_SPACING = 0.9
# Words are measured one by one and at another dpi than drawn: keep a little slack when filling a line.
SLACK = 0.97


@cache
def _registered() -> tuple[float, float, float]:
    """Registers the bundled fonts once; returns the regular face's ascent, descent and cap height in ems."""
    for path in sorted(FONT_DIR.glob("*.ttf")):
        fontManager.addfont(str(path))
    regular = FT2Font(str(FONT_DIR / "Vazirmatn-Regular.ttf"))
    em = regular.units_per_EM
    os2 = regular.get_sfnt_table("OS/2")
    assert os2 is not None, "the bundled font has an OS/2 table"
    return os2["sTypoAscender"] / em, -os2["sTypoDescender"] / em, os2["sCapHeight"] / em


@cache
def font(size: float, bold: bool = False) -> FontProperties:
    _registered()
    return FontProperties(family=list(FAMILY), size=size, weight="bold" if bold else "normal")


def line_height(size: float) -> float:
    """The height in points of one line of a drawn text block (the layout uses the font's metrics)."""
    ascent, descent, _ = _registered()
    return LINE_SPACING * (ascent + descent) * size


def baseline(size: float) -> float:
    """From the top of a drawn text block to the first line's baseline, in points."""
    ascent, descent, _ = _registered()
    return (ascent - (1 - LINE_SPACING) * (ascent + descent) / 2) * size


def optical_centre(size: float) -> float:
    """From the top of a drawn text block to the middle of its first line's capitals and digits, in points:
    where an icon beside the line is centred."""
    return baseline(size) - _registered()[2] * size / 2


@cache
def face(bold: bool) -> FT2Font:
    """The font chain a `Text` of this weight draws with: the bundled face, then the fallback."""
    _registered()
    weight = "bold" if bold else "normal"
    return get_font([findfont(FontProperties(family=name, weight=weight)) for name in FAMILY])


@lru_cache(maxsize=200_000)
def text_width(text: str, size: float, bold: bool) -> float:
    """The drawn width of one run of text, in points."""
    chain = face(bold)
    chain.set_size(size, 72)
    chain.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
    return chain.get_width_height()[0] / 64


@dataclass(frozen=True)
class Measure:
    """Measures text of one size and weight."""

    size: float
    bold: bool

    def width(self, text: str) -> float:
        words = text.split(" ")
        space = text_width(" ", self.size, self.bold) if len(words) > 1 else 0.0
        return sum(text_width(word, self.size, self.bold) for word in words) + space * (len(words) - 1)

    def widest(self, lines: Sequence[str]) -> float:
        return max((self.width(line) for line in lines), default=0.0)

    @property
    def line_height(self) -> float:
        return line_height(self.size)


@dataclass(frozen=True)
class Fitted:
    """Text wrapped to a width: its lines (in logical order, no marks yet) and its size."""

    lines: tuple[str, ...]
    size: float

    @property
    def height(self) -> float:
        return len(self.lines) * line_height(self.size)


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """Greedy wrapping on spaces; a word wider than the line is broken between letters."""
    room = width * SLACK
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _pieces(word, room, measure):
            candidate = f"{line} {piece}" if line else piece
            if line and measure.width(candidate) > room:
                lines.append(line)
                candidate = piece
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def _pieces(word: str, room: float, measure: Measure) -> list[str]:
    pieces: list[str] = []
    while len(word) > 1 and measure.width(word) > room:
        fits, too_long = 1, len(word)
        while too_long - fits > 1:
            middle = (fits + too_long) // 2
            if measure.width(word[:middle]) <= room:
                fits = middle
            else:
                too_long = middle
        pieces.append(word[:fits])
        word = word[fits:]
    return [*pieces, word]


def truncate(line: str, width: float, measure: Measure) -> str:
    """The line, shortened with an ellipsis until it fits the width."""
    room = width * SLACK
    if measure.width(line) <= room:
        return line
    while line and measure.width(line + ELLIPSIS) > room:
        line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
    return line.rstrip() + ELLIPSIS


def fit(text: str, width: float, sizes: Sequence[float], max_lines: int, bold: bool = False) -> Fitted:
    """Wraps the text at the first size (largest first) where it takes at most `max_lines` lines;
    at the smallest size it is cut to `max_lines` with an ellipsis."""
    for size in sizes:
        measure = Measure(size, bold)
        lines = wrap(text, width, measure)
        if len(lines) <= max_lines:
            return Fitted(tuple(lines), size)
    kept = lines[:max_lines]
    kept[-1] = truncate(f"{kept[-1]} {lines[max_lines]}", width, measure)
    return Fitted(tuple(kept), size)


def directed(lines: Sequence[str], rtl: bool) -> str:
    """The drawn string of a block: one line each, each starting with U+200F in right-to-left text."""
    return "\n".join(RLM + line if rtl else line for line in lines)
