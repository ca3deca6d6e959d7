"""`/touchpoint …`: store the change and ack; reply, update the board and answer reads after the ack.

What each subcommand stores and does is its entry in subcommands.py; this is how a request runs them.
"""

from dataclasses import asdict
from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.kit import directed
from bot.i18n import N_, Translator
from bot.method.errors import UserError
from bot.workshop.touchpoints import Added
from handlers.commands import grammar as g
from handlers.commands.subcommands import Parsed, Work, parse, usage
from handlers.context import LazyReader, actor, known_reader, reader, workshop
from handlers.errors import as_user_error, localized, replying_on_failure
from handlers.saving import SAVED, save_before_ack, saved

PARSED = "touchpoint.parsed"
ANSWER_LATER = "touchpoint.answer_later"  # help or an error, said after the ack in the language looked up

NOT_IN_A_DM = N_(
    "Maps live in channels, not in direct messages: run `/touchpoint new <title>` in the channel your team "
    "works in (and `/invite @Touchpoint` there first)."
)


def parsed_once(command: dict, context: BoltContext) -> Parsed | UserError:
    """The command's text as read once per request: the matcher, the ack and the work after it share it
    (Bolt hands the work after the ack a copy of the context)."""
    if PARSED not in context:
        try:
            parsed = parse(command.get("text", ""))
            if _in_a_direct_message(command) and not isinstance(parsed.command, g.Help | g.Unknown):
                raise UserError(NOT_IN_A_DM)
            context[PARSED] = parsed
        except UserError as error:
            context[PARSED] = error
    return context[PARSED]


def _in_a_direct_message(command: dict) -> bool:
    """Whether the command was typed in a direct message or a group DM, where no map can live (Slack
    names those conversations `directmessage` and `mpdm-…`; a DM's id starts with D)."""
    name = str(command.get("channel_name") or "")
    return (
        str(command.get("channel_id") or "").startswith("D")
        or name in ("directmessage", "mpdm")
        or (name.startswith("mpdm-"))
    )


def answerable_in_ack(command: dict, context: BoltContext) -> bool:
    """Matcher: a change answered wholly in its ack, by a person whose language the bot knows."""
    parsed = parsed_once(command, context)
    return (
        isinstance(parsed, Parsed)
        and parsed.subcommand is not None
        and parsed.subcommand.confirm is not None
        and parsed.subcommand.answered_in_ack(parsed.command)
        and known_reader(context) is not None
    )


def answer_in_ack(ack: Ack, command: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    """Store the change and say so in the ack; the board is brought up to date in the background (and
    the person told if it can't be)."""
    parsed = parsed_once(command, context)
    assert isinstance(parsed, Parsed) and parsed.subcommand is not None and parsed.subcommand.confirm
    t = reader(context, cached_only=True)
    core, who = workshop(context), actor(context)
    try:
        outcome = parsed.subcommand.save(parsed.command, core, who, _key(command))
    except Exception as error:
        ack(response_type="ephemeral", text=localized(as_user_error(error, logger, "Saving a command"), t))
        return
    said = parsed.subcommand.confirm(parsed.command, outcome, t)
    if said is None:
        ack()
    else:
        ack(response_type="ephemeral", text=directed(said, t))
    changed = outcome.map_id if isinstance(outcome, Added) else outcome
    if changed is not None:  # None: a retry of a quick add already applied

        def tell(error: UserError) -> None:
            respond(response_type="ephemeral", replace_original=False, text=localized(error, t))

        core.flow.refresh_board_soon(who.team_id, changed, failed=tell)


def acknowledge(ack: Ack, command: dict, context: BoltContext) -> None:
    parsed = parsed_once(command, context)
    if isinstance(parsed, Parsed) and not isinstance(parsed.command, g.Help | g.Unknown):
        subcommand = parsed.subcommand
        assert subcommand is not None
        save_before_ack(
            context,
            lambda: subcommand.save(parsed.command, workshop(context), actor(context), _key(command)),
        )
        ack()
        return
    # Help, or a command used wrongly: answered in the ack in the person's language if the bot has looked
    # it up lately (any earlier request did). For someone it hasn't met, the ack is empty and the answer
    # follows through the response_url, in the locale users.info gives, rather than in English.
    known = known_reader(context)
    if known is None:
        context[ANSWER_LATER] = True
        ack()
    else:
        ack(response_type="ephemeral", **_answer(parsed, known))


def _answer(parsed: Parsed | UserError, t: Translator) -> dict:
    """The answer to help or to a command used wrongly: the error, or the usage."""
    if isinstance(parsed, UserError):
        return {"text": localized(parsed, t)}
    return asdict(usage(t, unknown=parsed.command.word if isinstance(parsed.command, g.Unknown) else None))


def _key(command: dict) -> str:
    return f"command:{command['trigger_id']}"


def apply(command: dict, context: BoltContext, respond: Respond, client: WebClient, logger: Logger) -> None:
    """After the ack: tell the person what was done, bring the board up to date, and answer reads."""
    parsed = parsed_once(command, context)
    if context.get(ANSWER_LATER):
        with replying_on_failure(respond, logger, context):
            respond(response_type="ephemeral", **_answer(parsed, reader(context)))
        return
    if isinstance(parsed, UserError) or SAVED not in context or parsed.subcommand is None:
        return  # answered in the ack: a command used wrongly, or help
    work = Work(
        workshop(context),
        actor(context),
        LazyReader(context),
        respond,
        client,
        context,
        command["trigger_id"],
    )
    with replying_on_failure(respond, logger, context):
        parsed.subcommand.after(parsed.command, saved(context), work)
