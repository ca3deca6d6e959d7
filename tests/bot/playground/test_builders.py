"""What the bot really sends, drawn: every public builder of `bot/blocks`, in English, Persian and Arabic,
goes through the playground's renderer, which must draw every block and element in it."""

from typing import Any

import pytest

from bot.gateway import Message
from bot.i18n import LANGUAGES, translator
from bot.playground.blockkit import Directory, blocks_html, view_html
from bot.playground.mrkdwn import mrkdwn_html
from tests.bot.playground.browser import Page, harmless, interactive
from tests.bot.playground.builders import SAMPLES, builders
from tests.support.fake_slack import ALICE, BOB, CAROL, WORKSHOP_CHANNEL

DIRECTORY = Directory({ALICE: "Alice", BOB: "بهرام", CAROL: "كريم"}, {WORKSHOP_CHANNEL: "journey-workshop"})


def test_every_builder_has_sample_arguments():
    missing = sorted(set(builders()) - set(SAMPLES))
    assert not missing, f"give these builders sample arguments in tests/bot/playground/builders.py: {missing}"
    assert not set(SAMPLES) - set(builders()), "samples for builders that are gone"


def drawn(output: Any) -> list[str]:
    """The HTML the page shows for what a builder returns."""
    match output:
        case Message(text=text, blocks=blocks):
            return [
                blocks_html(blocks, DIRECTORY, surface="message"),
                f"<div>{mrkdwn_html(text, DIRECTORY)}</div>",
            ]
        case [*items] if all(isinstance(item, Message) for item in items):
            return [html for item in items for html in drawn(item)]
        case {"type": "modal" | "home"}:
            return [view_html(output, DIRECTORY)]
        case {"type": str()}:  # an element: the menu of touchpoints, in the input a modal puts it in
            block = {"type": "input", "label": {"type": "plain_text", "text": "x"}, "element": output}
            return [blocks_html([block], DIRECTORY, surface="modal")]
        case [*options]:  # options, as the bot answers a menu's search
            select = {"type": "static_select", "action_id": "x", "options": options}
            return [blocks_html([{"type": "actions", "elements": [select]}], DIRECTORY, surface="modal")]
    raise AssertionError(f"a builder returned {type(output)}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_what_each_builder_sends_is_drawn_with_the_contract_the_page_needs(name, language):
    output = SAMPLES[name](translator(language))
    for html in drawn(output):
        page: Page = harmless(html)
        for attrs in interactive(page):
            assert attrs["data-block-id"] and attrs["data-type"], attrs
        for control in page.controls:
            if control.attrs.get("name"):
                assert control.attrs["name"].count("/") == 1, control.attrs
        assert "U0ALICE01" not in "".join(page.text), "a mention shows its id, not the name"
