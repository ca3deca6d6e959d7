"""The usage message for `/touchpoint help` and for commands the bot doesn't know."""

from bot.blocks.kit import bidi_safe, section
from bot.blocks.mrkdwn import escape, shorten
from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.workshop.commands import ACTION_WORDS, COMMAND_WORDS

# Each command with what it does; the board's buttons do the same, and more.
COMMANDS = (
    ("new <title>", N_("start a map in this channel (you facilitate it)")),
    ("stage add <name> / before|during|after / <position>", N_("add a stage to the timeline")),
    ("stage rename|move|remove <name> / …", N_("rename, move or remove a stage")),
    ("channel add|rename|move|remove <name> / …", N_("the same for channels")),
    ("persona add <name> / <who they are>", N_("add a persona")),
    (
        "add <stage> / <channel> / <title>",
        N_("add a touchpoint (stage and channel by the start of their name)"),
    ),
    ("analyse", N_("post the touchpoints to analyse, each with an Analyse button")),
    ("blind on|off · reveal", N_("run the analysis blind, then reveal it (facilitators)")),
    ("votes <number>", N_("how many votes each person has (facilitators; 3 at first)")),
    ("summary", N_("post the analysis summary: pains, dips, disagreements (facilitators)")),
    ("improvements", N_("list the map's improvements, just to you, and set their status")),
    ("snapshot", N_("freeze the map as a new version (v1, v2, …) to compare against later")),
    ("snapshots · map v2", N_("list the map's snapshots, just to you; show one as a picture")),
    ("compare v1 v3 · compare v1", N_("what changed between two snapshots, or since one")),
    ("restore v2", N_("bring a snapshot back as a new version; nothing is lost (facilitators)")),
    (
        "export json|csv|md|png|svg|pdf [here]",
        N_("export the map: the file comes to you, or with here to the channel; alone, a form asks"),
    ),
    ("import", N_("add touchpoints from a CSV file or pasted text, after a preview (facilitators)")),
    (
        "remind <schedule> <time zone>",
        N_(
            "when to come back to the map, e.g. every monday 09:00 Asia/Tehran (facilitators); alone, show "
            "it. A time zone is a name such as Asia/Tehran or Tehran, an offset such as UTC+3:30, or a "
            "city's Persian or Arabic name"
        ),
    ),
    (
        "deadline <when> <time zone> / next",
        N_(
            "when the current step closes, e.g. friday 17:00 Europe/Berlin; with / next, move on then "
            "(facilitators)"
        ),
    ),
    ("next · back", N_("move the map to the next or previous step (facilitators)")),
    ("facilitator add @person", N_("share facilitation (facilitators)")),
    (
        "takeover",
        N_("a workspace admin facilitates the map when none of its facilitators is in the channel"),
    ),
    (
        "audit",
        N_("deletions and changes of facilitators in this channel, just to you (facilitators, admins)"),
    ),
    ("delete", N_("delete the map and everything on it, after a confirmation (facilitators)")),
    ("language fa|ar|en", N_("the language the map speaks in the channel (facilitators)")),
    ("status", N_("show the map's board, just to you")),
    ("list · use <title>", N_("the maps in this channel, and which one the commands work on")),
    ("help", N_("show this message")),
)
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


def usage_message(t: Translator, unknown: str | None = None) -> Message:
    lines = [t("*Touchpoint* walks this channel through a customer touchpoint map, in four steps."), ""]
    lines += [f"`/touchpoint {escape(usage)}`: {escape(t(what))}" for usage, what in COMMANDS]
    if unknown is not None:
        lines.insert(0, t("I don't know `{word}`.", word=shorten(unknown, UNKNOWN_SHOWN)) + "\n")
    text = "\n".join(lines)
    blocks = [section(part) for part in _sections(lines)]
    if t.language != "en":
        index = {**COMMAND_WORDS, **ACTION_WORDS}
        words = [t("The commands stay in English, and these words work too:")]
        words += [f"`{english}` {' · '.join(index[english])}" for english in index]
        blocks.append(section("\n".join(words)))
        text += "\n\n" + "\n".join(words)
    return bidi_safe(Message(text=text, blocks=blocks), t)
