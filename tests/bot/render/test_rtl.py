"""Persian and Arabic maps run right to left; their text is left to matplotlib and libraqm to shape and
order, marked U+200F at the start of each line, and drawn exactly as written."""

import pytest
from matplotlib.ft2font import LoadFlags

from bot.render import render_with_layout
from bot.render.demo import demo_picture
from bot.render.labels import LRM
from bot.render.typography import RLM, face

USER_TEXT = ("title", "stage", "channel", "card-title", "card-owner")


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_the_timeline_runs_right_to_left(language):
    _, layout = render_with_layout(demo_picture(language))
    first, last = layout.columns[0], layout.columns[-1]
    assert first.x0 > last.x1
    channel_labels = [text.box for text in layout.texts if text.role == "channel"]
    assert all(box.x0 > first.x1 for box in channel_labels)


def test_the_timeline_runs_left_to_right_in_english():
    _, layout = render_with_layout(demo_picture("en"))
    assert layout.columns[0].x1 < layout.columns[-1].x0
    assert all(text.box.x1 < layout.columns[0].x0 for text in layout.texts if text.role == "channel")


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_every_line_of_user_text_starts_with_a_right_to_left_mark(language):
    _, layout = render_with_layout(demo_picture(language))
    lines = [line for text in layout.texts if text.role in USER_TEXT for line in text.text.split("\n")]
    assert any(len(text.text.split("\n")) > 1 for text in layout.texts if text.role == "card-title"), (
        "some titles wrap"
    )
    assert lines and all(line.startswith(RLM) for line in lines)


def test_english_text_has_no_marks():
    _, layout = render_with_layout(demo_picture("en"))
    assert not any(RLM in text.text for text in layout.texts)


@pytest.mark.parametrize(
    ("language", "title"),
    [("fa", "پرداخت با Apple Pay در ۳ مرحله"), ("ar", "الدفع عبر Apple Pay في ٣ خطوات")],
)
def test_a_mixed_title_is_drawn_in_logical_order_unshaped(language, title):
    """libraqm shapes and orders it when drawing: the string handed to matplotlib is the logical one,
    not reshaped into presentation forms nor reversed."""
    _, layout = render_with_layout(demo_picture(language))
    drawn = [text.text for text in layout.texts if text.text.replace(RLM, "") == title]
    assert drawn == [RLM + title]


@pytest.mark.parametrize(("language", "notes"), [("fa", ("+۲", "−۱")), ("ar", ("+٢", "−١"))])
def test_note_counts_keep_each_sign_with_its_number(language, notes):
    """A left-to-right mark between each sign and its number: "+٢ −١" is laid out as written, where
    without the marks the bidi algorithm would make it "+١− ٢"."""
    _, layout = render_with_layout(demo_picture(language))
    marked = " ".join(note[0] + LRM + note[1:] for note in notes)
    assert marked in [text.text for text in layout.texts if text.role == "card-stat"]
    font = face(bold=True)
    font.set_size(10, 72)
    glyphs = sorted(font._layout(marked, LoadFlags.NO_HINTING), key=lambda glyph: glyph.x)
    assert "".join(glyph.char for glyph in glyphs if glyph.char != LRM) == " ".join(notes)
