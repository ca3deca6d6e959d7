"""The header: the map's title, what it is (kind, step, version, date), and chips for the view's filter."""

from bot.render import palette
from bot.render.labels import Labels, Phrase
from bot.render.marks import CARDS, Box, Rect, Sheet, Text
from bot.render.model import MapPicture
from bot.render.typography import SLACK, Measure, fit, truncate

TITLE_SIZES = (20.0, 18.0, 16.0)
META_SIZE = 10.0
CHIP_SIZE = 8.5
CHIP_PAD = 8.0
CHIP_GAP = 6.0


def plan_header(
    sheet: Sheet, picture: MapPicture, labels: Labels, left: float, width: float, top: float
) -> float:
    """Draws the header from `top` across `width`; returns its bottom."""
    title = fit(picture.title, width, TITLE_SIZES, 2, bold=True)
    title_box = Box(left, top, width, title.height)
    sheet.texts.append(
        Text(left, top, title.lines, title.size, title_box, "title", palette.INK, True, rtl=labels.rtl)
    )
    y = top + title.height + 2
    facts = [labels.map_kind.text, labels.step(picture.step).text, picture.version, labels.date(picture.date)]
    meta = fit("  ·  ".join(fact for fact in facts if fact), width, (META_SIZE,), 2)
    meta_box = Box(left, y, width, meta.height)
    sheet.texts.append(Text(left, y, meta.lines, meta.size, meta_box, "meta", palette.MUTED, rtl=labels.rtl))
    y += meta.height
    chips = _chips(picture, labels)
    if chips:
        y = _plan_chips(sheet, chips, left, width, y + 8)
    return y


def _chips(picture: MapPicture, labels: Labels) -> list[Phrase]:
    chips = []
    if picture.persona:
        chips.append(labels.persona(picture.persona))
    if picture.view == "pains":
        chips.append(labels.pains_only)
    if picture.view == "compare":
        chips.append(labels.compared_with(picture.baseline or "—"))
    return chips


def _plan_chips(sheet: Sheet, chips: list[Phrase], left: float, width: float, top: float) -> float:
    measure = Measure(CHIP_SIZE, True)
    height = measure.line_height + 6
    x, y = left, top
    for chip in chips:
        text = truncate(chip.text, width - 2 * CHIP_PAD, measure)
        chip_width = measure.width(text) / SLACK + 2 * CHIP_PAD
        if x > left and x + chip_width > left + width:
            x, y = left, y + height + CHIP_GAP
        box = Box(x, y, chip_width, height)
        sheet.rects.append(Rect(box, palette.BAND, radius=height / 2, layer=CARDS))
        sheet.texts.append(
            Text(x + CHIP_PAD, y + 3, (text,), CHIP_SIZE, box, "chip", palette.HIGHLIGHT, True, rtl=chip.rtl)
        )
        x += chip_width + CHIP_GAP
    return y + height
