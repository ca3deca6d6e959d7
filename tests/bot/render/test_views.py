"""The demo map in every language and view: drawn cleanly, with the view's cards and header."""

import pytest

from bot.render import render, render_with_layout
from bot.render.demo import demo_picture
from bot.render.model import Card, MapPicture, Stage
from bot.render.typography import RLM
from tests.bot.render.checks import assert_laid_out_cleanly

LANGUAGES = ("en", "fa", "ar")
VIEWS = ("whole", "persona", "pains", "compare")
PNG = b"\x89PNG\r\n\x1a\n"


def _drawn(text: str) -> str:
    return text.replace(RLM, "").replace("\n", " ")


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_demo_draws_cleanly_in_every_language_and_view(language, view):
    picture = demo_picture(language, view)
    image, layout = render_with_layout(picture)
    assert image.startswith(PNG)
    assert_laid_out_cleanly(layout)
    titles = {_drawn(text.text) for text in layout.texts if text.role == "title"}
    assert titles == {picture.title}
    expected = [card for card in picture.cards if view != "pains" or card.is_pain]
    assert sorted(card.title for card in layout.cards) == sorted(card.title for card in expected)


def test_the_views_say_what_they_show():
    def chips(view: str) -> list[str]:
        return [
            text.text for text in render_with_layout(demo_picture("en", view))[1].texts if text.role == "chip"
        ]

    assert chips("whole") == []
    assert chips("persona") == ["Persona: First-time buyer"]
    assert chips("pains") == ["Pain points only"]
    assert chips("compare") == ["Compared with v2"]


def test_compare_shows_removed_cards_and_the_legend_for_changes():
    picture = demo_picture("en", "compare")
    _, layout = render_with_layout(picture)
    removed = {card.title for card in picture.cards if card.change == "removed"}
    assert removed and removed <= {card.title for card in layout.cards}
    legend = {text.text for text in layout.texts if text.role == "legend"}
    assert {"Added", "Removed", "Feeling rose", "Feeling fell"} <= legend


def test_the_lowest_stage_is_marked_as_the_biggest_pain():
    picture = demo_picture("en")
    _, layout = render_with_layout(picture)
    (pain,) = [text for text in layout.texts if text.role == "biggest-pain"]
    lowest = min(range(len(picture.stages)), key=lambda i: picture.stages[i].feeling.mean)
    column = layout.columns[lowest]
    assert column.x0 <= (pain.box.x0 + pain.box.x1) / 2 <= column.x1


@pytest.mark.parametrize(("fmt", "language", "magic"), [("svg", "fa", b"<?xml"), ("pdf", "ar", b"%PDF")])
def test_vector_formats(fmt, language, magic):
    image, layout = render_with_layout(demo_picture(language, "compare"), fmt)
    assert image.startswith(magic)
    assert_laid_out_cleanly(layout)


def test_user_text_is_never_read_as_mathtext():
    picture = demo_picture("en")
    _, layout = render_with_layout(picture)
    assert "Queue at the till: $20 – $30 baskets wait 10 min" in {_drawn(t.text) for t in layout.texts}


def test_long_titles_wrap_then_shorten_inside_their_card():
    long_word = "https://example.com/" + "checkout/" * 12
    cards = (
        Card(0, 0, "A very long touchpoint title " * 12, owner="Someone with a remarkably long name indeed"),
        Card(0, 0, long_word, plus=12, minus=34, votes=56, evidence=7, feeling=-2.0, change="score_down"),
    )
    picture = MapPicture(
        "Long", "en", 2, "v1", demo_picture().date, (Stage("A", "before"),), ("Web",), cards, view="compare"
    )
    _, layout = render_with_layout(picture)
    assert_laid_out_cleanly(layout)
    (first, second) = [text.text for text in layout.texts if text.role == "card-title"]
    assert first.endswith("…") and len(first.splitlines()) == 4
    assert "".join(second.splitlines()) == long_word


def test_a_map_without_stages_or_channels_still_draws():
    picture = MapPicture("Empty", "fa", 1, "", demo_picture().date, (), ())
    assert render(picture).startswith(PNG)


def test_a_glyph_no_font_has_would_be_caught():
    picture = MapPicture("\U00013000", "en", 1, "", demo_picture().date, (), ())
    with pytest.warns(UserWarning, match="Glyph"):
        render(picture)
