"""`/touchpoint …`: store the change and ack; reply, update the board and answer reads after the ack."""

from dataclasses import asdict
from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
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
from bot.i18n import LANGUAGE_NAMES, Translator, language_of, translator
from bot.method.errors import UserError
from bot.method.vocabulary import Lane
from bot.workshop import commands
from bot.workshop.core import Workshop
from bot.workshop.images import PictureRequest
from bot.workshop.service import Actor
from bot.workshop.touchpoints import Added
from handlers.context import LazyReader, actor, known_reader, reader, workshop
from handlers.errors import as_user_error, localized, replying_on_failure
from handlers.saving import SAVED, save_before_ack, saved

# Changes that need nothing after the ack but a board refresh. When the person's language is known, the
# ack carries their confirmation (or what went wrong) and no lazy listener runs: Bolt copies the whole
# request for one, which costs more than the change itself.
ANSWERED_IN_ACK = (
    commands.AddStage,
    commands.AddChannel,
    commands.Rename,
    commands.Move,
    commands.QuickAdd,
    commands.AddPersona,
)


def answerable_in_ack(command: dict, context: BoltContext) -> bool:
    """Matcher: a change answered wholly in its ack, by a person whose language the bot knows."""
    try:
        parsed = commands.parse(command.get("text", ""))
    except UserError:
        return False
    return isinstance(parsed, ANSWERED_IN_ACK) and known_reader(context) is not None


def answer_in_ack(ack: Ack, command: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    """Store the change and say so in the ack; the board is brought up to date in the background (and
    the person told if it can't be)."""
    parsed = commands.parse(command["text"])
    t = reader(context, cached_only=True)
    core, who = workshop(context), actor(context)
    try:
        outcome = save(parsed, core, who, _key(command))
    except Exception as error:
        ack(response_type="ephemeral", text=localized(as_user_error(error, logger, "Saving a command"), t))
        return
    said = confirmation(parsed, outcome, t)
    ack(**({} if said is None else {"response_type": "ephemeral", "text": directed(said, t)}))
    changed = outcome.map_id if isinstance(outcome, Added) else outcome
    if changed is not None:  # None: a retry of a quick add already applied

        def tell(error: UserError) -> None:
            respond(response_type="ephemeral", replace_original=False, text=localized(error, t))

        core.flow.refresh_board_soon(who.team_id, changed, failed=tell)


def acknowledge(ack: Ack, command: dict, context: BoltContext) -> None:
    # Answered in the ack, which must stay fast: the person's language if the bot has looked it up lately
    # (any earlier command did), English otherwise, rather than a users.info call before the ack.
    t = reader(context, cached_only=True)
    try:
        parsed = commands.parse(command.get("text", ""))
    except UserError as error:
        ack(response_type="ephemeral", text=localized(error, t))
        return
    match parsed:
        case commands.Help():
            ack(response_type="ephemeral", **asdict(usage_message(t)))
        case commands.Unknown(word):
            ack(response_type="ephemeral", **asdict(usage_message(t, unknown=word)))
        case _:
            save_before_ack(context, lambda: save(parsed, workshop(context), actor(context), _key(command)))
            ack()


def confirmation(parsed: commands.Command, outcome: object, t: Translator | LazyReader) -> str | None:
    """What a saved change says to the person who made it, for the changes that need nothing more."""
    match parsed:
        case commands.AddStage(name):
            return t("Added the stage “{name}”.", name=escape(name))
        case commands.AddChannel(name):
            return t("Added the channel “{name}”.", name=escape(name))
        case commands.Rename(_, _, new_name):
            return t("Renamed to “{name}”.", name=escape(new_name))
        case commands.Move(_, _, position):
            return t("Moved to position {position}.", position=position)
        case commands.QuickAdd() if outcome is not None:
            return t(
                "Added “{title}” at {stage} × {channel}.",
                title=escape(outcome.title),
                stage=escape(outcome.stage),
                channel=escape(outcome.channel),
            )
        case commands.AddPersona(name):
            return t("Added the persona “{name}”.", name=escape(name))
    return None


def save(parsed: commands.Command, core: Workshop, who: Actor, key: str) -> object:
    """The command's change, stored before the ack; None for a command that only reads."""
    match parsed:
        case commands.NewMap(title, language):
            language = language or language_of(core.chat.locale(who.team_id, who.user_id))
            return core.maps.create(who, title, request_key=key, language=language)
        case commands.SetLanguage(language):
            return core.flow.set_language(who, language)
        case commands.AddStage(name, phase, position):
            return core.timeline.add(
                who, None, Lane.STAGE, name, phase=phase, position=position, request_key=key
            )
        case commands.AddChannel(name, position):
            return core.timeline.add(who, None, Lane.CHANNEL, name, position=position, request_key=key)
        case commands.Rename(lane, query, new_name):
            return core.timeline.rename(who, lane, query, new_name)
        case commands.Move(lane, query, position):
            return core.timeline.move(who, lane, query, position=position)
        case commands.Remove(lane, query):
            return core.timeline.remove(who, lane, query)
        case commands.ChangeStep(delta):
            return core.flow.change_step(who, None, delta, key)
        case commands.UseMap(query):
            return core.flow.use(who, query)
        case commands.QuickAdd(stage, channel, title):
            return core.touchpoints.quick_add(who, stage, channel, title, key)
        case commands.AddPersona(name, description):
            return core.touchpoints.add_persona(who, None, name, description, key)
        case commands.SetBlind(blind):
            return core.analysis.set_blind(who, blind)
        case commands.SetVotes(count):
            return core.analysis.set_votes(who, count)
        case commands.TakeSnapshot():
            return core.iteration.take_snapshot(who, None, key)
        case commands.SetReminder(schedule, timezone):
            return core.iteration.set_reminder(who, None, schedule, timezone)
        case commands.SetDeadline(when, timezone, advance):
            return core.deadlines.set_deadline(who, None, when, timezone, advance)
        case commands.ClearDeadline():
            return core.deadlines.clear_deadline(who)
        case commands.Restore(version):
            return core.snapshots.restore(who, None, version, key)
        case commands.AddFacilitator(user_id):
            return core.flow.add_facilitator(who, user_id)
        case commands.TakeOver():
            return core.flow.take_over(who, key)
    return None


def _key(command: dict) -> str:
    return f"command:{command['trigger_id']}"


def apply(command: dict, context: BoltContext, respond: Respond, client: WebClient, logger: Logger) -> None:
    """After the ack: tell the person what was done, bring the board up to date, and answer reads."""
    try:
        parsed = commands.parse(command.get("text", ""))
    except UserError:
        return  # already answered in the ack
    if SAVED not in context:
        return  # help: answered in the ack
    core, who, t = workshop(context), actor(context), LazyReader(context)

    def reply(text: str, language: Translator | LazyReader = t) -> None:
        """A message only the person sees, in their language unless `language` is the map's."""
        respond(response_type="ephemeral", text=directed(text, language))

    def confirm() -> None:
        said = confirmation(parsed, outcome, t)
        if said is not None:
            reply(said)

    with replying_on_failure(respond, logger, context):
        outcome = saved(context)
        match parsed:
            case commands.NewMap():
                if outcome is not None:
                    core.maps.post_board(who.team_id, outcome)
            case commands.SetLanguage(language):
                core.flow.refresh_board(who.team_id, outcome)
                reply(t("The map now speaks {language}.", language=t(LANGUAGE_NAMES[language])))
            case commands.AddStage():
                confirm()
                core.timeline.refresh_board(who.team_id, outcome)
            case commands.AddChannel():
                confirm()
                core.timeline.refresh_board(who.team_id, outcome)
            case commands.Rename():
                confirm()
                core.timeline.refresh_board(who.team_id, outcome)
            case commands.Move():
                confirm()
                core.timeline.refresh_board(who.team_id, outcome)
            case commands.Remove():
                if outcome.touchpoints:
                    respond(response_type="ephemeral", **asdict(confirm_removal(outcome, t)))
                    return
                reply(t("Removed “{name}”.", name=escape(outcome.name)))
                core.timeline.refresh_board(who.team_id, outcome.map_id)
            case commands.ChangeStep():
                map_id, announcement = outcome
                core.flow.announce(who.team_id, map_id, announcement)
            case commands.Status():
                board = core.flow.status(who)
                respond(response_type="ephemeral", **asdict(board_message(board, translator(board.language))))
            case commands.ListMaps():
                respond(response_type="ephemeral", **asdict(map_list(core.flow.listing(who), t)))
            case commands.UseMap():
                reply(t("This channel now works on “{title}”.", title=escape(outcome)))
            case commands.QuickAdd():
                if outcome is not None:
                    confirm()
                    core.touchpoints.refresh_board(who.team_id, outcome.map_id)
            case commands.AddPersona():
                confirm()
                core.touchpoints.refresh_board(who.team_id, outcome)
            case commands.ShowMap(view, persona, compare_with, version):
                core.images.post(who, None, PictureRequest(view, persona, compare_with, version))
            case commands.PostAnalysis():
                core.analysis.post_list(who, None)
            case commands.SetBlind(blind):
                map_id, announcement = outcome
                reply(
                    t("Blind analysis is on: each person sees only their own notes and scores.")
                    if blind
                    else t("The analysis is revealed.")
                )
                core.analysis.announce(who.team_id, map_id, announcement)
            case commands.SetVotes(count):
                reply(
                    t.plural("Each person now has {count} vote.", "Each person now has {count} votes.", count)
                )
            case commands.PostSummary():
                core.analysis.post_summary(who, None)
            case commands.ListImprovements():
                page = core.iteration.improvements(who)
                listing = improvement_list(translator(page.language), page)
                respond(response_type="ephemeral", **asdict(listing))
            case commands.TakeSnapshot():
                if outcome is not None:
                    taken, announcement = outcome
                    core.iteration.announce(who.team_id, taken.map_id, announcement)
            case commands.ShowReminder():
                revisit = core.iteration.reminder(who)
                map_t = translator(revisit.origin.language)
                reply(reminder_text(map_t, revisit), map_t)
            case commands.SetReminder():
                map_t = translator(outcome.origin.language)
                reply(reminder_text(map_t, outcome), map_t)
            case commands.Export(None):
                origin = core.exports.form(who, None)
                client.views_open(
                    trigger_id=command["trigger_id"], view=export_modal(translator(origin.language), origin)
                )
            case commands.Export(fmt, here):
                core.exports.send(who, None, fmt, here, t.language)
                if here:
                    return
                reply(t("Sent: the file is in your direct messages with me."))
            case commands.Import():
                origin = core.imports.form(who)
                client.views_open(
                    trigger_id=command["trigger_id"], view=import_modal(translator(origin.language), origin)
                )
            case commands.ShowDeadline():
                shown = core.deadlines.deadline(who)
                message = deadline_message(translator(shown.origin.language), shown)
                respond(response_type="ephemeral", **asdict(message))
            case commands.SetDeadline() | commands.ClearDeadline():
                map_t = translator(outcome.origin.language)
                reply(deadline_text(map_t, outcome), map_t)
            case commands.ListSnapshots():
                listing = core.snapshots.listing(who)
                respond(
                    response_type="ephemeral",
                    **asdict(snapshot_list(translator(listing.origin.language), listing)),
                )
            case commands.Compare(first, second):
                comparison = core.snapshots.compare(who, None, first, second)
                message = comparison_message(translator(comparison.origin.language), comparison)
                respond(response_type="ephemeral", **asdict(message))
            case commands.Restore():
                if outcome is not None:
                    core.snapshots.announce_restored(who.team_id, outcome)
            case commands.AddFacilitator(user_id):
                map_id, added = outcome
                if added:
                    reply(t("{person} is now a facilitator of this map.", person=mention(user_id)))
                    core.flow.refresh_board(who.team_id, map_id)
                else:
                    reply(t("{person} already facilitates this map.", person=mention(user_id)))
            case commands.DeleteMap():
                deletion = core.maps.deletion(who)
                respond(response_type="ephemeral", **asdict(confirm_deletion(reader(context), deletion)))
            case commands.ShowAudit():
                entries = core.audit.entries(who)
                respond(response_type="ephemeral", **asdict(audit_list(reader(context), entries)))
            case commands.TakeOver():
                map_id, announcement = outcome
                if announcement is not None:
                    reply(t("You now facilitate this map."))
                    core.flow.announce(who.team_id, map_id, announcement)
