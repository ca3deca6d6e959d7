"""Checks on a rendered picture's layout: nothing overlaps, nothing is clipped."""

import numpy as np

from bot.render.layout import Extent, Layout

# Text extents come from the drawing, frames from the plan: allow for rounding to a fraction of a pixel.
TOLERANCE = 0.5


def _array(extents: list[Extent]) -> np.ndarray:
    return np.array([(e.x0, e.y0, e.x1, e.y1) for e in extents], dtype=float).reshape(-1, 4)


def overlapping_pairs(extents: list[Extent]) -> list[tuple[int, int]]:
    boxes = _array(extents)
    x0, y0, x1, y1 = (boxes[:, i] for i in range(4))
    hits = (
        (x0[:, None] < x1[None, :] - TOLERANCE)
        & (x0[None, :] < x1[:, None] - TOLERANCE)
        & (y0[:, None] < y1[None, :] - TOLERANCE)
        & (y0[None, :] < y1[:, None] - TOLERANCE)
    )
    first, second = np.nonzero(np.triu(hits, k=1))
    return list(zip(first.tolist(), second.tolist(), strict=True))


def assert_laid_out_cleanly(layout: Layout) -> None:
    """No two cards overlap, no two texts overlap, every text stays inside the box it belongs to (its
    card, label or band) and inside the picture, and every card inside its stage's column."""
    cards = [card.box for card in layout.cards]
    assert not overlapping_pairs(cards), [
        (layout.cards[a].title, layout.cards[b].title) for a, b in overlapping_pairs(cards)
    ]
    texts = [text.box for text in layout.texts]
    assert not overlapping_pairs(texts), [
        (layout.texts[a].text, layout.texts[b].text) for a, b in overlapping_pairs(texts)
    ]
    for text in layout.texts:
        assert text.frame.contains(text.box, TOLERANCE), (text.text, text.role, text.box, text.frame)
        assert layout.figure.contains(text.box), (text.text, text.box, layout.figure)
    for card in layout.cards:
        column = layout.columns[card.stage]
        assert column.x0 <= card.box.x0 and card.box.x1 <= column.x1, card.title
        assert layout.figure.contains(card.box), card.title
