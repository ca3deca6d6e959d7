"""Lays the whole picture out on a sheet: header, grid, emotion curve and legend, top to bottom."""

from bot.render.curve import plan_curve
from bot.render.grid import grid_geometry, plan_grid
from bot.render.header import plan_header
from bot.render.labels import labels_for
from bot.render.legend import plan_legend
from bot.render.marks import Sheet
from bot.render.model import Card, MapPicture
from bot.render.sizing import MARGIN, MIN_WIDTH, sizing_for

SECTION_GAP = 18.0


def shown_cards(picture: MapPicture) -> tuple[Card, ...]:
    """The cards the view shows: the pain-points view keeps those with negatives or votes."""
    if picture.view == "pains":
        return tuple(card for card in picture.cards if card.is_pain)
    return picture.cards


def compose(picture: MapPicture) -> Sheet:
    """The picture's sheet, mirrored for a right-to-left language."""
    labels = labels_for(picture.language)
    sizing = sizing_for(len(picture.stages))
    grid = grid_geometry(len(picture.stages), sizing, MARGIN)
    sheet = Sheet(width=max(MIN_WIDTH, grid.right + MARGIN))
    content = sheet.width - 2 * MARGIN
    y = plan_header(sheet, picture, labels, MARGIN, content, MARGIN) + SECTION_GAP
    cards = shown_cards(picture)
    y = plan_grid(sheet, grid, picture.stages, picture.channels, cards, sizing, labels, y) + SECTION_GAP / 2
    y = plan_curve(sheet, grid, picture.stages, sizing, labels, y) + SECTION_GAP
    y = plan_legend(sheet, labels, picture.view == "compare", MARGIN, content, y)
    sheet.height = y + MARGIN
    return sheet.mirrored() if labels.rtl else sheet
