"""From one stage and one channel to 30 × 12 with a crowded cell: the picture grows, nothing overlaps
or is clipped, and a crowded cell collapses into "+N more"."""

from collections import Counter

import pytest

from bot.render import render_with_layout
from bot.render.demo import sample_picture
from bot.render.labels import labels_for
from bot.render.sizing import sizing_for
from bot.render.typography import RLM
from tests.bot.render.checks import assert_laid_out_cleanly


@pytest.mark.parametrize(
    ("language", "stages", "channels", "cards", "crowded"),
    [("en", 1, 1, 1, 0), ("fa", 1, 1, 0, 20), ("fa", 6, 5, 40, 0), ("ar", 30, 12, 1000, 20)],
)
def test_sizes_lay_out_cleanly_and_crowded_cells_collapse(language, stages, channels, cards, crowded):
    picture = sample_picture(language, stages, channels, cards, crowded)
    _, layout = render_with_layout(picture)
    assert_laid_out_cleanly(layout)
    assert (len(layout.columns), len(layout.lanes)) == (stages, channels)

    shown = sizing_for(stages).cards_per_cell
    per_cell = Counter((card.stage, card.channel) for card in picture.cards)
    crowded_cells = {cell: count for cell, count in per_cell.items() if count > shown}
    labels = labels_for(language)
    expected = sorted(labels.more(count - (shown - 1)).text for count in crowded_cells.values())
    assert sorted(text.text.lstrip(RLM) for text in layout.texts if text.role == "more") == expected
    hidden = sum(count - (shown - 1) for count in crowded_cells.values())
    assert len(layout.cards) == len(picture.cards) - hidden
    if crowded:
        (first_cell_more,) = [
            text
            for text in layout.texts
            if text.role == "more"
            and layout.columns[0].contains(text.box)
            and layout.lanes[0].contains(text.box)
        ]
        assert first_cell_more.text.lstrip(RLM) == labels.more(per_cell[0, 0] - (shown - 1)).text


def test_the_picture_grows_with_the_map():
    small = render_with_layout(sample_picture("en", 1, 1, 1))[1]
    large = render_with_layout(sample_picture("en", 12, 8, 100))[1]
    assert large.width / large.dpi > 3 * small.width / small.dpi
    assert large.height / large.dpi > 2 * small.height / small.dpi
