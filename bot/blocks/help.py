"""The usage message for `/touchpoint help` and for commands the bot doesn't know."""

from collections.abc import Mapping, Sequence

from bot.blocks.kit import bidi_safe, section
from bot.blocks.mrkdwn import escape, shorten
from bot.gateway import Message
from bot.i18n import Translator

UNKNOWN_SHOWN = 100  # of a word the bot doesn't know, shortened to this
# Characters of usage per section: Slack allows 3,000, and right-to-left marks and longer translations
# need room. The usage takes as many sections as it needs, so a new command never overflows one.
SECTION_BUDGET = 2000


def _sections(lines: list[str]) -> list[str]:
    """`lines` in order, in as few sections as keep each within SECTION_BUDGET."""
    sections: list[list[str]] = [[]]
    for line in lines:
        if sections[-1] and len("\n".join([*sections[-1], line])) > SECTION_BUDGET:
            sections.append([])
        sections[-1].append(line)
    return ["\n".join(part) for part in sections]


def usage_message(
    t: Translator,
    commands: Sequence[tuple[str, str]],
    words: Mapping[str, tuple[str, ...]],
    unknown: str | None = None,
) -> Message:
    """The usage: `commands` (usage, what it does: a msgid), and in Persian and Arabic the `words` each
    English word also answers to; with `unknown`, the word the bot didn't know first."""
    lines = [t("*Touchpoint* walks this channel through a customer touchpoint map, in four steps."), ""]
    lines += [f"`/touchpoint {escape(usage)}`: {escape(t(what))}" for usage, what in commands]
    if unknown is not None:
        lines.insert(0, t("I don't know `{word}`.", word=shorten(unknown, UNKNOWN_SHOWN)) + "\n")
    text = "\n".join(lines)
    blocks = [section(part) for part in _sections(lines)]
    if t.language != "en":
        listed = [t("The commands stay in English, and these words work too:")]
        listed += [f"`{english}` {' · '.join(each)}" for english, each in words.items()]
        blocks.append(section("\n".join(listed)))
        text += "\n\n" + "\n".join(listed)
    return bidi_safe(Message(text=text, blocks=blocks), t)
