"""The usage message: every command, in sections that leave room for more, in every language."""

import pytest

from bot.blocks.help import COMMANDS, UNKNOWN_SHOWN, usage_message
from bot.blocks.mrkdwn import escape
from bot.i18n import LANGUAGES, translator

SECTION_MAX = 3000  # Slack's limit on a section's text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_command_is_listed_once_in_sections_with_room_to_spare(language):
    message = usage_message(translator(language), unknown="x" * UNKNOWN_SHOWN)
    texts = [block["text"]["text"] for block in message.blocks]

    assert all(len(text) <= SECTION_MAX * 3 // 4 for text in texts)
    listed = "\n".join(texts)
    for usage, _ in COMMANDS:
        assert listed.count(f"`/touchpoint {escape(usage)}`") == 1, usage
