"""What a person hears when something fails: one policy, said wherever the surface allows.

The policy: `as_user_error` decides what the person hears (a `UserError` as it is: the core's, or the
gateway's translation of Slack's; anything else is logged and heard as nothing saved; a failure after the
change was committed reaches here as the core's "saved, but not shown yet"), and `localized` words it in
their language. The surfaces only differ in where they say it: in the ack (`handle_errors`, the slash
command's ack), on a modal's field (views/submission.py), in a reply after the ack
(`replying_on_failure`), or after a modal as a message only they see in the channel and, since Slack
delivers that only to a person active there, in a direct message too (`telling_in_channel`). Fired work,
which nobody is waiting for, tells the map's facilitator in a direct message (bot/blocks/reminders.py).
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from logging import Logger

from slack_bolt import App, BoltContext, BoltResponse, Respond
from slack_sdk.errors import SlackApiError

from bot.blocks.kit import directed, section
from bot.blocks.mrkdwn import escape, shorten
from bot.gateway import Message
from bot.i18n import N_, Translator, translator
from bot.method.errors import Msg, SlackRefused, UserError
from handlers.context import gateway, reader, reader_in_ack, team_of

logger = logging.getLogger(__name__)

NOTHING_SAVED = N_("Something went wrong on my side and nothing was saved. Please try again in a moment.")

# A modal Slack wouldn't open in time: its budget for views.open (Tier 4, per workspace) is spent, and
# the click's trigger id expires 3 seconds after it. Opening a form saves nothing, so trying again is safe.
SLACK_BUSY = N_("Slack is too busy to open that form just now. Please try again in a few seconds.")
FORMS_REFUSED = {"ratelimited", "expired_trigger_id"}

PARAM_SHOWN = 1500  # what a person typed, echoed in an error, is cut to this: the error must fit a message


def localized(error: UserError, t: Translator) -> str:
    """The error in the reader's language, escaped for mrkdwn (so `<title>` shows as typed) and `directed`;
    what the user typed is escaped too, so it can't ping or link, and shortened."""
    params = {
        name: t(value)
        if isinstance(value, Msg)
        else shorten(value, PARAM_SHOWN)
        if isinstance(value, str)
        else value
        for name, value in error.params.items()
    }
    return directed(t.format(escape(t(error.message)), **params), t)


def as_user_error(error: Exception, logger: Logger, doing: str) -> UserError:
    """`error` as the person hears it: a UserError as it is; anything else (the database went away, a
    bug) is logged as `doing` having failed, and said as nothing saved."""
    if isinstance(error, UserError):
        return error
    if (
        isinstance(error, SlackApiError)
        and error.response.get("error") in FORMS_REFUSED
        and error.response.api_url.rsplit("/", 1)[-1] in ("views.open", "views.push")
    ):
        logger.warning("%s: Slack wouldn't open a modal (%s)", doing, error.response.get("error"))
        return UserError(SLACK_BUSY)
    logger.error("%s failed", doing, exc_info=error)
    return UserError(NOTHING_SAVED)


def handle_errors(error: Exception, body: dict, logger: Logger, context: BoltContext) -> BoltResponse:
    if isinstance(error, UserError):
        text = localized(error, reader_in_ack(context))
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    logger.exception("Unhandled error for a %s request", body.get("type", "slash command"), exc_info=error)
    return BoltResponse(status=500, body="")


@contextmanager
def replying_on_failure(
    respond: Respond, logger: Logger, context: BoltContext | None = None
) -> Iterator[None]:
    """For work done after the ack: tell the user what went wrong, in a message only they see, in their
    own language (their Slack locale, looked up only when something went wrong)."""
    try:
        yield
    except Exception as error:
        told = as_user_error(error, logger, "Work after the ack")
        t = reader(context) if context is not None else translator(None)
        respond(response_type="ephemeral", replace_original=False, text=localized(told, t))


@contextmanager
def telling_in_channel(context: BoltContext, channel: str, logger: Logger) -> Iterator[None]:
    """For work after a modal's ack (no response_url): what went wrong, as a message in `channel` that only
    the person sees, in their language."""
    try:
        yield
    except Exception as error:
        tell_in_channel(context, channel, as_user_error(error, logger, "Work after a modal"))


def tell_in_channel(context: BoltContext, channel: str, error: UserError) -> None:
    """`error` as a message in `channel` that only the person sees, in their language, and in a direct
    message: Slack delivers an ephemeral only to a person active in the channel (and answers ok all the
    same), so after a modal, which may have been submitted from anywhere, the DM is what surely reaches
    them."""
    t = reader(context)
    text = localized(error, t)
    assert context.user_id, "a person's request"
    slack, team, user = gateway(context), team_of(context), context.user_id
    try:
        slack.post_ephemeral(team, channel, user, Message(text=text, blocks=[section(text)]))
    except (SlackRefused, UserError):
        logger.warning("could not tell %s in %s; telling them in a DM", user, channel)
    tell_in_dm(context, t("In {channel}: {error}", channel=f"<#{channel}>", error=text))


def tell_in_dm(context: BoltContext, text: str) -> None:
    """`text` (localized already) in the person's direct message with the bot."""
    assert context.user_id, "a person's request"
    slack, team = gateway(context), team_of(context)
    text = directed(text, reader(context))
    slack.post(team, slack.direct_channel(team, context.user_id), Message(text=text, blocks=[section(text)]))


def register(app: App) -> None:
    app.error(handle_errors)
