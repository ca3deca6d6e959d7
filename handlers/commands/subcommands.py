"""Every `/touchpoint` subcommand, one entry each: its words, its grammar, what it stores before the ack,
what it does after, and its line in `help`. A new subcommand is a new entry (and its reader in grammar.py).

The listener (touchpoint.py) parses the text once per request with `parse`, stores the change with the
entry's `save` before it acks, and runs the entry's `after` once the ack is gone; a change whose
`confirm` says it all is answered wholly in its ack when the person's language is known.
"""

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.audit import audit_list, confirm_deletion
from bot.blocks.board import board_message
from bot.blocks.deadlines import deadline_message, deadline_text
from bot.blocks.exports import export_modal, import_modal
from bot.blocks.help import usage_message
from bot.blocks.iteration import improvement_list, reminder_text
from bot.blocks.kit import directed
from bot.blocks.maps import map_list
from bot.blocks.mrkdwn import escape, mention
from bot.blocks.snapshots import comparison_message, snapshot_list
from bot.blocks.timeline import confirm_removal
from bot.gateway import Message
from bot.i18n import LANGUAGE_NAMES, N_, Translator, language_of, translator
from bot.method.matching import normalize
from bot.method.vocabulary import Lane
from bot.workshop.core import Workshop
from bot.workshop.images import PictureRequest
from bot.workshop.service import Actor
from handlers.commands import grammar as g
from handlers.context import LazyReader, reader
from handlers.modals import Build, Prepare, open_for_reader

Reply = Translator | LazyReader

_logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Work:
    """What a subcommand's work after the ack has at hand."""

    core: Workshop
    who: Actor
    t: LazyReader
    respond: Respond
    client: WebClient
    context: BoltContext
    trigger_id: str

    def say(self, text: str, language: Reply | None = None) -> None:
        """A message only the person sees, in their language unless `language` is the map's."""
        self.respond(response_type="ephemeral", text=directed(text, language or self.t))

    def show(self, message: Message) -> None:
        """A Block Kit message only the person sees."""
        self.respond(response_type="ephemeral", **asdict(message))

    def refresh(self, map_id: int) -> None:
        self.core.flow.refresh_board(self.who.team_id, map_id)

    def open_modal(self, prepare: Prepare) -> None:
        """The modal `prepare` reads, in the person's language (the map's words in the map's), opened
        within the command's trigger's life."""
        open_for_reader(self.context, self.client, self.trigger_id, prepare, _logger, self.respond)


def _nothing_saved(command: Any, core: Workshop, who: Actor, key: str) -> None:
    return None


def _nothing_after(command: Any, outcome: Any, work: Work) -> None:
    return None


@dataclass(frozen=True)
class Subcommand:
    word: str  # in English, as typed after `/touchpoint`
    words: tuple[str, ...]  # its Persian and Arabic words, which `help` lists in those languages
    read: Callable[..., g.Command]  # the text after the word, as a typed command
    help: tuple[tuple[str, str], ...] = ()  # its lines in `help`: usage, what it does
    save: Callable[[Any, Workshop, Actor, str], Any] = _nothing_saved  # before the ack; None for a read
    after: Callable[[Any, Any, Work], object] = _nothing_after  # after the ack, with what `save` returned
    # For a change that needs nothing after the ack but a board refresh: what it says to the person, and
    # which of its commands it says it for.
    confirm: Callable[[Any, Any, Reply], str | None] | None = None
    answered_in_ack: Callable[[g.Command], bool] = lambda _command: False
    also: tuple[str, ...] = ()  # other spellings it answers to, not listed
    # Its reader also takes the subcommand's word as typed (`read(text, word)`), to quote the command back.
    quotes_word: bool = False


# --- what each subcommand stores and says --------------------------------------------------------------
def _new(command: g.NewMap, core: Workshop, who: Actor, key: str) -> int | None:
    language = command.language or language_of(core.chat.locale(who.team_id, who.user_id))
    return core.maps.create(who, command.title, request_key=key, language=language)


def _post_board(command: g.NewMap, map_id: int | None, work: Work) -> None:
    if map_id is not None:
        work.core.maps.post_board(work.who.team_id, map_id)


def _spoken(command: g.SetLanguage, map_id: int, work: Work) -> None:
    work.refresh(map_id)
    work.say(work.t("The map now speaks {language}.", language=work.t(LANGUAGE_NAMES[command.language])))


def _lane_change(command: g.Command, core: Workshop, who: Actor, key: str) -> Any:
    match command:
        case g.AddStage(name, phase, position):
            return core.timeline.add(
                who, None, Lane.STAGE, name, phase=phase, position=position, request_key=key
            )
        case g.AddChannel(name, position):
            return core.timeline.add(who, None, Lane.CHANNEL, name, position=position, request_key=key)
        case g.Rename(lane, query, new_name):
            return core.timeline.rename(who, lane, query, new_name)
        case g.Move(lane, query, position):
            return core.timeline.move(who, lane, query, position=position)
        case g.Remove(lane, query):
            return core.timeline.remove(who, lane, query)
    raise TypeError(command)


def _lane_confirmation(command: g.Command, outcome: Any, t: Reply) -> str | None:
    match command:
        case g.AddStage(name):
            return t("Added the stage “{name}”.", name=escape(name))
        case g.AddChannel(name):
            return t("Added the channel “{name}”.", name=escape(name))
        case g.Rename(_, _, new_name):
            return t("Renamed to “{name}”.", name=escape(new_name))
        case g.Move(_, _, position):
            return t("Moved to position {position}.", position=position)
    return None


def _lane_changed(command: g.Command, outcome: Any, work: Work) -> None:
    if isinstance(command, g.Remove):
        if outcome.touchpoints:
            work.show(confirm_removal(outcome, work.t))
            return
        work.say(work.t("Removed “{name}”.", name=escape(outcome.name)))
        work.refresh(outcome.map_id)
        return
    _confirm_then_refresh(_lane_confirmation)(command, outcome, work)


def _confirm_then_refresh(
    confirm: Callable[[Any, Any, Reply], str | None],
) -> Callable[[Any, int, Work], None]:
    """The work after the ack of a change that is answered in its ack when the person's language is known:
    when it wasn't, the same confirmation, after the ack; then the board."""

    def after(command: g.Command, map_id: int, work: Work) -> None:
        said = confirm(command, map_id, work.t)
        if said is not None:
            work.say(said)
        work.refresh(map_id)

    return after


def _persona_added(command: g.AddPersona, map_id: int, t: Reply) -> str:
    return t("Added the persona “{name}”.", name=escape(command.name))


def _not_removal(command: g.Command) -> bool:
    return not isinstance(command, g.Remove)


def _announced(command: Any, outcome: Any, work: Work) -> None:
    """After a change the channel hears about: its announcement, and the board."""
    map_id, announcement = outcome
    work.core.flow.announce(work.who.team_id, map_id, announcement)


def _status(command: g.Status, outcome: None, work: Work) -> None:
    board = work.core.flow.status(work.who)
    work.show(board_message(board, translator(board.language)))


def _facilitator_added(command: g.AddFacilitator, outcome: tuple[int, bool], work: Work) -> None:
    map_id, added = outcome
    person = mention(command.user_id)
    if added:
        work.say(work.t("{person} is now a facilitator of this map.", person=person))
        work.refresh(map_id)
    else:
        work.say(work.t("{person} already facilitates this map.", person=person))


def _touchpoint_added(command: g.QuickAdd, added: Any, t: Reply) -> str | None:
    if added is None:  # a retry already applied
        return None
    return t(
        "Added “{title}” at {stage} × {channel}.",
        title=escape(added.title),
        stage=escape(added.stage),
        channel=escape(added.channel),
    )


def _quick_added(command: g.QuickAdd, added: Any, work: Work) -> None:
    if added is not None:  # None: a retry already applied
        said = _touchpoint_added(command, added, work.t)
        if said is not None:
            work.say(said)
        work.refresh(added.map_id)


def _blind_set(command: g.SetBlind, outcome: Any, work: Work) -> None:
    work.say(
        work.t("Blind analysis is on: each person sees only their own notes and scores.")
        if command.blind
        else work.t("The analysis is revealed.")
    )
    _announced(command, outcome, work)


def _votes_set(command: g.SetVotes, outcome: int, work: Work) -> None:
    t = work.t
    work.say(
        t.plural("Each person now has {count} vote.", "Each person now has {count} votes.", command.count)
    )


def _improvements(command: g.ListImprovements, outcome: None, work: Work) -> None:
    page = work.core.iteration.improvements(work.who)
    work.show(improvement_list(translator(page.language), page))


def _snapshot_taken(command: g.TakeSnapshot, outcome: Any, work: Work) -> None:
    if outcome is not None:
        taken, announcement = outcome
        work.core.iteration.announce(work.who.team_id, taken.map_id, announcement)


def _set_reminder(command: g.Command, core: Workshop, who: Actor, key: str) -> Any:
    if isinstance(command, g.SetReminder):
        return core.iteration.set_reminder(who, None, command.schedule, command.timezone)
    return None


def _reminder_shown(command: g.Command, outcome: Any, work: Work) -> None:
    revisit = work.core.iteration.reminder(work.who) if isinstance(command, g.ShowReminder) else outcome
    map_t = translator(revisit.origin.language)
    work.say(reminder_text(map_t, revisit), map_t)


def _export(command: g.Export, outcome: None, work: Work) -> None:
    core, who = work.core, work.who
    if command.format is None:

        def prepare() -> tuple[str, Build]:
            origin = core.exports.form(who, None)
            return origin.language, partial(export_modal, origin=origin)

        work.open_modal(prepare)
        return
    core.exports.send(who, None, command.format, command.here, work.t.language)
    if not command.here:
        work.say(work.t("Sent: the file is in your direct messages with me."))


def _import(command: g.Import, outcome: None, work: Work) -> None:
    def prepare() -> tuple[str, Build]:
        origin = work.core.imports.form(work.who)
        return origin.language, partial(import_modal, origin=origin)

    work.open_modal(prepare)


def _set_deadline(command: g.Command, core: Workshop, who: Actor, key: str) -> Any:
    match command:
        case g.SetDeadline(when, timezone, advance):
            return core.deadlines.set_deadline(who, None, when, timezone, advance)
        case g.ClearDeadline():
            return core.deadlines.clear_deadline(who)
    return None


def _deadline_shown(command: g.Command, outcome: Any, work: Work) -> None:
    if isinstance(command, g.ShowDeadline):
        shown = work.core.deadlines.deadline(work.who)
        work.show(deadline_message(translator(shown.origin.language), shown))
        return
    map_t = translator(outcome.origin.language)
    work.say(deadline_text(map_t, outcome), map_t)


def _snapshots(command: g.ListSnapshots, outcome: None, work: Work) -> None:
    listing = work.core.snapshots.listing(work.who)
    work.show(snapshot_list(translator(listing.origin.language), listing))


def _compared(command: g.Compare, outcome: None, work: Work) -> None:
    comparison = work.core.snapshots.compare(work.who, None, command.first, command.second)
    work.show(comparison_message(translator(comparison.origin.language), comparison))


def _restored(command: g.Restore, outcome: Any, work: Work) -> None:
    if outcome is not None:
        work.core.snapshots.announce_restored(work.who.team_id, outcome)


def _deletion(command: g.DeleteMap, outcome: None, work: Work) -> None:
    work.show(confirm_deletion(reader(work.context), work.core.maps.deletion(work.who)))


def _audit(command: g.ShowAudit, outcome: None, work: Work) -> None:
    work.show(audit_list(reader(work.context), work.core.audit.entries(work.who)))


def _taken_over(command: g.TakeOver, outcome: Any, work: Work) -> None:
    map_id, announcement = outcome
    if announcement is not None:
        work.say(work.t("You now facilitate this map."))
        work.core.flow.announce(work.who.team_id, map_id, announcement)


def _always(command: g.Command) -> bool:
    return True


_AUDIT_HELP = N_("deletions and changes of facilitators in this channel, just to you (facilitators, admins)")


# --- the table, in the order `help` lists it ---------------------------------------------------------------
SUBCOMMANDS = (
    Subcommand(
        "new",
        ("جدید", "جديد"),
        g.read_new,
        (("new <title>", N_("start a map in this channel (you facilitate it)")),),
        save=_new,
        after=_post_board,
    ),
    Subcommand(
        "stage",
        ("مرحله", "مرحلة"),
        lambda text: g.read_lane(Lane.STAGE, text),
        (
            ("stage add <name> / before|during|after / <position>", N_("add a stage to the timeline")),
            ("stage rename|move|remove <name> / …", N_("rename, move or remove a stage")),
        ),
        save=_lane_change,
        after=_lane_changed,
        confirm=_lane_confirmation,
        answered_in_ack=_not_removal,
    ),
    Subcommand(
        "channel",
        ("کانال", "قناة"),
        lambda text: g.read_lane(Lane.CHANNEL, text),
        (("channel add|rename|move|remove <name> / …", N_("the same for channels")),),
        save=_lane_change,
        after=_lane_changed,
        confirm=_lane_confirmation,
        answered_in_ack=_not_removal,
    ),
    Subcommand(
        "persona",
        ("پرسونا", "شخصية"),
        g.read_persona,
        (("persona add <name> / <who they are>", N_("add a persona")),),
        save=lambda c, core, who, key: core.touchpoints.add_persona(who, None, c.name, c.description, key),
        after=_confirm_then_refresh(_persona_added),
        confirm=_persona_added,
        answered_in_ack=_always,
    ),
    Subcommand(
        "add",
        ("افزودن", "إضافة"),
        g.read_quick_add,
        (
            (
                "add <stage> / <channel> / <title>",
                N_("add a touchpoint (stage and channel by the start of their name)"),
            ),
        ),
        save=lambda c, core, who, key: core.touchpoints.quick_add(who, c.stage, c.channel, c.title, key),
        after=_quick_added,
        confirm=_touchpoint_added,
        answered_in_ack=_always,
        also=("اضافه", "أضف"),
    ),
    Subcommand(
        "analyse",
        ("تحلیل", "تحليل"),
        lambda _text: g.PostAnalysis(),
        (("analyse", N_("post the touchpoints to analyse, each with an Analyse button")),),
        after=lambda _c, _outcome, work: work.core.analysis.post_list(work.who, None),
        also=("analyze", "تحلیل‌ها"),
    ),
    Subcommand(
        "blind",
        ("پنهان", "معمّى"),
        g.read_blind,
        (("blind on|off · reveal", N_("run the analysis blind, then reveal it (facilitators)")),),
        save=lambda c, core, who, _key: core.analysis.set_blind(who, c.blind),
        after=_blind_set,
    ),
    Subcommand(
        "reveal",
        ("آشکار", "كشف"),
        lambda _text: g.SetBlind(False),
        save=lambda c, core, who, _key: core.analysis.set_blind(who, c.blind),
        after=_blind_set,
    ),
    Subcommand(
        "votes",
        ("رأی", "أصوات"),
        lambda text: g.SetVotes(g.read_votes(text)),
        (("votes <number>", N_("how many votes each person has (facilitators; 3 at first)")),),
        save=lambda c, core, who, _key: core.analysis.set_votes(who, c.count),
        after=_votes_set,
    ),
    Subcommand(
        "summary",
        ("خلاصه", "ملخص"),
        lambda _text: g.PostSummary(),
        (("summary", N_("post the analysis summary: pains, dips, disagreements (facilitators)")),),
        after=lambda _c, _outcome, work: work.core.analysis.post_summary(work.who, None),
    ),
    Subcommand(
        "improvements",
        ("بهبودها", "تحسينات"),
        lambda _text: g.ListImprovements(),
        (("improvements", N_("list the map's improvements, just to you, and set their status")),),
        after=_improvements,
    ),
    Subcommand(
        "snapshot",
        ("نسخه", "لقطة"),
        lambda _text: g.TakeSnapshot(),
        (("snapshot", N_("freeze the map as a new version (v1, v2, …) to compare against later")),),
        save=lambda _c, core, who, key: core.iteration.take_snapshot(who, None, key),
        after=_snapshot_taken,
    ),
    Subcommand(
        "snapshots",
        ("نسخه‌ها", "لقطات"),
        lambda _text: g.ListSnapshots(),
        (("snapshots · map v2", N_("list the map's snapshots, just to you; show one as a picture")),),
        after=_snapshots,
    ),
    Subcommand(
        "map",
        ("نقشه", "خريطة"),
        g.read_map,
        after=lambda c, _outcome, work: work.core.images.post(
            work.who, None, PictureRequest(c.view, c.persona, c.compare_with, c.version)
        ),
    ),
    Subcommand(
        "compare",
        ("مقایسه", "مقارنة"),
        g.read_compare,
        (("compare v1 v3 · compare v1", N_("what changed between two snapshots, or since one")),),
        after=_compared,
    ),
    Subcommand(
        "restore",
        ("بازگردانی", "استعادة"),
        g.read_restore,
        (("restore v2", N_("bring a snapshot back as a new version; nothing is lost (facilitators)")),),
        save=lambda c, core, who, key: core.snapshots.restore(who, None, c.version, key),
        after=_restored,
    ),
    Subcommand(
        "export",
        ("خروجی", "تصدير"),
        g.read_export,
        (
            (
                "export json|csv|md|png|svg|pdf [here]",
                N_("export the map: the file comes to you, or with here to the channel; alone, a form asks"),
            ),
        ),
        after=_export,
    ),
    Subcommand(
        "import",
        ("ورودی", "استيراد"),
        lambda _text: g.Import(),
        (("import", N_("add touchpoints from a CSV file or pasted text, after a preview (facilitators)")),),
        after=_import,
    ),
    Subcommand(
        "remind",
        ("یادآوری", "تذكير"),
        g.read_remind,
        (
            (
                "remind <schedule> <time zone>",
                N_(
                    "when to come back to the map, e.g. every monday 09:00 Asia/Tehran (facilitators); "
                    "alone, show it. A time zone is a name such as Asia/Tehran or Tehran, an offset such "
                    "as UTC+3:30, or a city's Persian or Arabic name"
                ),
            ),
        ),
        save=_set_reminder,
        after=_reminder_shown,
        quotes_word=True,
    ),
    Subcommand(
        "deadline",
        ("مهلت", "موعد"),
        g.read_deadline,
        (
            (
                "deadline <when> <time zone> / next",
                N_(
                    "when the current step closes, e.g. friday 17:00 Europe/Berlin; with / next, move on "
                    "then (facilitators)"
                ),
            ),
        ),
        save=_set_deadline,
        after=_deadline_shown,
        quotes_word=True,
    ),
    Subcommand(
        "next",
        g.NEXT_WORDS,
        lambda _text: g.ChangeStep(+1),
        (("next · back", N_("move the map to the next or previous step (facilitators)")),),
        save=lambda c, core, who, key: core.flow.change_step(who, None, c.delta, key),
        after=_announced,
    ),
    Subcommand(
        "back",
        ("قبلی", "السابق"),
        lambda _text: g.ChangeStep(-1),
        save=lambda c, core, who, key: core.flow.change_step(who, None, c.delta, key),
        after=_announced,
    ),
    Subcommand(
        "facilitator",
        ("تسهیلگر", "ميسّر"),
        g.read_facilitator,
        (("facilitator add @person", N_("share facilitation (facilitators)")),),
        save=lambda c, core, who, _key: core.flow.add_facilitator(who, c.user_id),
        after=_facilitator_added,
    ),
    Subcommand(
        "takeover",
        ("تصدی", "تولي"),
        g.alone(g.TakeOver(), "takeover"),
        (
            (
                "takeover",
                N_("a workspace admin facilitates the map when none of its facilitators is in the channel"),
            ),
        ),
        save=lambda _c, core, who, key: core.flow.take_over(who, key),
        after=_taken_over,
    ),
    Subcommand(
        "audit",
        ("ممیزی", "تدقيق"),
        g.alone(g.ShowAudit(), "audit"),
        (
            (
                "audit",
                _AUDIT_HELP,
            ),
        ),
        after=_audit,
    ),
    Subcommand(
        "delete",
        ("حذف", "حذف"),
        g.alone(g.DeleteMap(), "delete"),
        (("delete", N_("delete the map and everything on it, after a confirmation (facilitators)")),),
        after=_deletion,
    ),
    Subcommand(
        "language",
        ("زبان", "اللغة"),
        lambda text: g.SetLanguage(g.read_language(text)),
        (("language fa|ar|en", N_("the language the map speaks in the channel (facilitators)")),),
        save=lambda c, core, who, _key: core.flow.set_language(who, c.language),
        after=_spoken,
    ),
    Subcommand(
        "status",
        ("وضعیت", "الحالة"),
        lambda _text: g.Status(),
        (("status", N_("show the map's board, just to you")),),
        after=_status,
    ),
    Subcommand(
        "list",
        ("فهرست", "قائمة"),
        lambda _text: g.ListMaps(),
        (("list · use <title>", N_("the maps in this channel, and which one the commands work on")),),
        after=lambda _c, _outcome, work: work.show(map_list(work.core.flow.listing(work.who), work.t)),
    ),
    Subcommand(
        "use",
        ("انتخاب", "استخدام"),
        g.read_use,
        save=lambda c, core, who, _key: core.flow.use(who, c.query),
        after=lambda _c, title, work: work.say(
            work.t("This channel now works on “{title}”.", title=escape(title))
        ),
    ),
    Subcommand(
        "help",
        ("راهنما", "مساعدة"),
        lambda _text: g.Help(),
        (("help", N_("show this message")),),
    ),
)


@dataclass(frozen=True)
class Parsed:
    subcommand: Subcommand | None  # None: a word the bot doesn't know
    command: g.Command


_BY_WORD = {
    normalize(word): entry for entry in SUBCOMMANDS for word in (entry.word, *entry.words, *entry.also)
}
HELP = tuple(line for entry in SUBCOMMANDS for line in entry.help)
# The words `help` lists in Persian and Arabic: the subcommands', then those inside a command.
WORDS = {entry.word: entry.words for entry in SUBCOMMANDS} | g.ACTION_WORDS


def parse(text: str) -> Parsed:
    """What `text`, typed after `/touchpoint`, asks for; UserError for a known subcommand used wrongly."""
    word, _, rest = text.strip().partition(" ")
    entry = _BY_WORD.get(normalize(word)) if word else _BY_WORD["help"]
    if entry is None:
        return Parsed(None, g.Unknown(word))
    rest = rest.strip()
    return Parsed(entry, entry.read(rest, word) if entry.quotes_word else entry.read(rest))


def usage(t: Translator, unknown: str | None = None) -> Message:
    """`help`: every subcommand, in the reader's language; with `unknown`, the word the bot didn't know."""
    return usage_message(t, HELP, WORDS, unknown)
