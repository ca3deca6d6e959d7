"""The usage message: every command, in sections that leave room for more, in every language."""

import pytest

from bot.blocks.help import UNKNOWN_SHOWN
from bot.blocks.mrkdwn import escape
from bot.i18n import LANGUAGES, translator
from handlers.commands.subcommands import HELP, usage

SECTION_MAX = 3000  # Slack's limit on a section's text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_command_is_listed_once_in_sections_with_room_to_spare(language):
    message = usage(translator(language), unknown="x" * UNKNOWN_SHOWN)
    texts = [block["text"]["text"] for block in message.blocks]

    assert all(len(text) <= SECTION_MAX * 3 // 4 for text in texts)
    listed = "\n".join(texts)
    for line, _ in HELP:
        assert listed.count(f"`/touchpoint {escape(line)}`") == 1, line
