"""One touchpoint's card: its wrapped title, then a row with the owner, the + and − note counts, votes
as dots and an evidence mark; tinted by its mean feeling, with a pill of the full colour at its start
edge. In the compare view an added card is outlined, a removed one ghosted, and a changed score gets an
arrow.
"""

from dataclasses import dataclass

from bot.render import palette
from bot.render.labels import Labels
from bot.render.marks import ACCENTS, CARDS, SHADOWS, Box, Marker, Rect, Sheet, Slot, Symbols, Text
from bot.render.model import Card
from bot.render.sizing import Sizing
from bot.render.typography import Fitted, Measure, fit, line_height, optical_centre, truncate

PAD = 7.0
PILL = 3.0
PILL_INSET = 5.0
CONTENT_START = PILL_INSET + PILL + 7.0
ROW_GAP = 4.0
ITEM_GAP = 7.0
ICON_TEXT_GAP = 2.0
DOT = 4.2
DOT_STEP = 5.6
MAX_DOTS = 5
ICON = 8.0
MIN_OWNER = 36.0
RADIUS = 5.0


@dataclass(frozen=True)
class Item:
    """One group in a card's stats row: markers (`dots` of them, or one icon), then a short text."""

    colour: str
    marker: Marker | None = None
    dots: int = 1
    text: str = ""
    text_width: float = 0.0

    @property
    def marker_width(self) -> float:
        if self.marker == "dot":
            return DOT + DOT_STEP * (self.dots - 1)
        return ICON if self.marker else 0.0

    @property
    def width(self) -> float:
        gap = ICON_TEXT_GAP if self.marker and self.text else 0.0
        return self.marker_width + gap + self.text_width


@dataclass(frozen=True)
class FittedCard:
    card: Card
    width: float
    title: Fitted
    owner: str
    items: tuple[Item, ...]
    owner_row_apart: bool
    meta_size: float
    rtl: bool

    @property
    def height(self) -> float:
        rows = 2 if self.owner_row_apart else 1
        return PAD + self.title.height + ROW_GAP + rows * line_height(self.meta_size) + PAD


def content_width(card_width: float) -> float:
    return card_width - CONTENT_START - PAD


def fit_card(card: Card, sizing: Sizing, labels: Labels) -> FittedCard:
    width = content_width(sizing.card_width)
    title = fit(card.title, width, sizing.title_sizes, sizing.title_lines)
    items = _items(card, labels, Measure(sizing.meta_size, True))
    stats_width = sum(item.width for item in items) + ITEM_GAP * len(items)
    apart = bool(card.owner) and width - stats_width < MIN_OWNER
    owner_room = width if apart else width - stats_width
    meta = Measure(sizing.meta_size, False)
    owner = truncate(" ".join(card.owner.split()), owner_room, meta) if card.owner else ""
    return FittedCard(card, sizing.card_width, title, owner, items, apart, sizing.meta_size, labels.rtl)


def _items(card: Card, labels: Labels, bold: Measure) -> tuple[Item, ...]:
    """The stats row's groups in order from the card's end edge inwards."""

    def text(value: str, colour: str, marker: Marker | None = None, dots: int = 1) -> Item:
        return Item(colour, marker, dots, value, bold.width(value) if value else 0.0)

    items: list[Item] = []
    if card.change in ("score_up", "score_down"):
        up = card.change == "score_up"
        items.append(text("", palette.PLUS if up else palette.MINUS, "up" if up else "down"))
    if card.evidence:
        items.append(
            text(labels.number(card.evidence) if card.evidence > 1 else "", palette.MUTED, "evidence")
        )
    if card.votes > MAX_DOTS:
        items.append(text(labels.number(card.votes), palette.VOTE, "dot"))
    elif card.votes:
        items.append(text("", palette.VOTE, "dot", card.votes))
    notes = [(sign, count) for sign, count in (("+", card.plus), ("−", card.minus)) if count]
    if notes:
        items.append(text(labels.signed(*notes), palette.MUTED))
    return tuple(items)


def place_card(sheet: Sheet, fitted: FittedCard, x: float, y: float, stage: int, channel: int) -> Box:
    """Draws the card with its top-left corner at (x, y); returns its box."""
    card = fitted.card
    box = Box(x, y, fitted.width, fitted.height)
    ghost = card.change == "removed"
    ink = palette.FAINT if ghost else palette.INK
    muted = palette.FAINT if ghost else palette.MUTED
    if not ghost:
        sheet.rects.append(Rect(Box(x, y + 1.2, box.w, box.h), palette.SHADOW, radius=RADIUS, layer=SHADOWS))
    sheet.rects.append(_card_rect(box, card))
    pill = Box(x + PILL_INSET, y + 6.0, PILL, box.h - 12.0)
    pill_colour = palette.NO_SCORE if ghost else palette.feeling_colour(card.feeling)
    sheet.rects.append(Rect(pill, pill_colour, radius=PILL / 2, layer=ACCENTS))
    content_x = x + CONTENT_START
    top = y + PAD
    title = fitted.title
    sheet.texts.append(Text(content_x, top, title.lines, title.size, box, "card-title", ink, rtl=fitted.rtl))
    row = top + title.height + ROW_GAP
    size = fitted.meta_size
    if fitted.owner:
        sheet.texts.append(
            Text(content_x, row, (fitted.owner,), size, box, "card-owner", muted, rtl=fitted.rtl)
        )
        if fitted.owner_row_apart:
            row += line_height(size)
    centre = row + optical_centre(size)
    end = content_x + content_width(fitted.width)
    for item in fitted.items:
        start = end - item.width
        colour = muted if ghost else item.colour
        _place_markers(sheet, item, start, centre, colour)
        if item.text:
            text_x = end - item.text_width
            sheet.texts.append(Text(text_x, row, (item.text,), size, box, "card-stat", colour, bold=True))
        end = start - ITEM_GAP
    sheet.slots.append(Slot(stage, channel, card.title, box))
    return box


def _card_rect(box: Box, card: Card) -> Rect:
    fill = palette.card_fill(card.feeling)
    match card.change:
        case "removed":
            return Rect(
                box, palette.CANVAS, palette.FAINT, 0.9, dashed=True, radius=RADIUS, alpha=0.7, layer=CARDS
            )
        case "added":
            return Rect(box, fill, palette.HIGHLIGHT, 1.8, radius=RADIUS, layer=CARDS)
        case _:
            return Rect(box, fill, palette.CARD_EDGE, 0.6, radius=RADIUS, layer=CARDS)


def _place_markers(sheet: Sheet, item: Item, start: float, centre: float, colour: str) -> None:
    if item.marker == "dot":
        centres = tuple((start + DOT / 2 + i * DOT_STEP, centre) for i in range(item.dots))
        sheet.symbols.append(Symbols(centres, "dot", DOT, colour))
    elif item.marker:
        sheet.symbols.append(Symbols(((start + ICON / 2, centre),), item.marker, ICON, colour))
