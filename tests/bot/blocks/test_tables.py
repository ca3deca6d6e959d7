"""Slack's table block where it fits, as data: the analysis summary's pains and a revisit's open
improvements, within Slack's limits, right to left in Persian and Arabic, and the old layout past them."""

import pytest

from bot.blocks.analysis import summary_messages
from bot.blocks.kit import TABLE_ROWS_MAX, cell, table
from bot.i18n import LANGUAGES, translator
from bot.workshop.analysis import Finding, Summary
from tests.support.fake_slack import MESSAGE_BLOCKS_MAX, validate_blocks

RLM = "\u200f"


def _summary(pains: int) -> Summary:
    findings = [Finding(n, f"Touchpoint {n}", {"votes": 10 - n, "negatives": n}) for n in range(pains)]
    return Summary(pains=findings, low_stages=[], disagreements=[])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summary_heading_shows_the_pains_as_a_table(language):
    t = translator(language)
    heading, *findings = summary_messages(t, _summary(3))
    validate_blocks(heading.blocks, MESSAGE_BLOCKS_MAX)
    [grid] = [b for b in heading.blocks if b["type"] == "table"]
    assert len(grid["rows"]) == 4 and len(findings) == 3  # each finding keeps its own thread
    first = [c["text"] for c in grid["rows"][1]]
    if language == "en":
        assert first == ["Touchpoint 0", "10", "0"]
    else:  # directed right to left, numbers in the language's digits
        assert all(text.startswith(RLM) for text in first)
        assert first[1] == RLM + t.number(10)
    assert grid["column_settings"][1] == {"align": "right"}


def test_no_pains_no_table():
    [heading, nothing] = summary_messages(translator("en"), _summary(0))
    assert [b["type"] for b in heading.blocks] == ["section"]
    assert nothing.text.startswith("No pains")


def test_a_table_over_slacks_limits_is_left_to_the_other_layout():
    row = [cell("x"), cell("y")]
    assert table([row] * TABLE_ROWS_MAX, [{}])["rows"] == [row] * TABLE_ROWS_MAX
    assert table([row] * (TABLE_ROWS_MAX + 1), [{}]) is None
    assert table([[cell("x")] * 21], [{}]) is None
    assert table([], [{}]) is None
