"""Step 3's buttons: the touchpoints to analyse, *Analyse*, blind or revealed, the summary."""

from functools import partial
from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.analysis import analysis_modal, find_modal
from bot.blocks.ids import Action
from handlers.context import actor, untrusted_id, workshop
from handlers.errors import replying_on_failure
from handlers.modals import Build, open_for_reader
from handlers.saving import save_before_ack, saved

POSTING_ACTIONS = (Action.SHOW_ANALYSIS, Action.POST_SUMMARY)
BLIND_ACTIONS = (Action.REVEAL, Action.GO_BLIND)


def acknowledge(ack: Ack) -> None:
    ack()


def open_analysis(
    body: dict, context: BoltContext, client: WebClient, respond: Respond, logger: Logger
) -> None:
    map_text, _, touchpoint_text = body["actions"][0]["value"].partition(":")
    with replying_on_failure(respond, logger, context):
        analysis, who = workshop(context).analysis, actor(context)

        def prepare() -> tuple[str, Build]:
            form = analysis.form(who, untrusted_id(map_text), untrusted_id(touchpoint_text))
            return form.language, partial(analysis_modal, form=form)

        open_for_reader(context, client, body["trigger_id"], prepare, logger, respond)


def open_find(body: dict, context: BoltContext, client: WebClient, respond: Respond, logger: Logger) -> None:
    """*Find a touchpoint* on the prompt of a big map's list: a menu searched as the person types."""
    with replying_on_failure(respond, logger, context):
        analysis, who = workshop(context).analysis, actor(context)

        def prepare() -> tuple[str, Build]:
            origin = analysis.origin(who, untrusted_id(body["actions"][0]["value"]))
            return origin.language, partial(find_modal, origin=origin)

        open_for_reader(context, client, body["trigger_id"], prepare, logger, respond)


def post(body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    """*Analyse touchpoints* and *Post summary*: messages in the channel, after the ack."""
    action = body["actions"][0]
    with replying_on_failure(respond, logger, context):
        analysis, who, map_id = workshop(context).analysis, actor(context), untrusted_id(action["value"])
        if action["action_id"] == Action.SHOW_ANALYSIS:
            analysis.post_list(who, map_id)
        else:
            analysis.post_summary(who, map_id)


def post_page(body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    """*More* under a page of the touchpoints to analyse (or *Post the touchpoints* on the prompt): the
    next page, in the thread, after the ack."""
    map_text, _, page_text = body["actions"][0]["value"].partition(":")
    clicked = body["message"]["ts"]
    with replying_on_failure(respond, logger, context):
        workshop(context).analysis.post_page(
            actor(context),
            untrusted_id(map_text),
            untrusted_id(page_text),
            body["message"].get("thread_ts") or clicked,
            clicked,
        )


def save_blind(ack: Ack, body: dict, context: BoltContext) -> None:
    """*Run it blind* / *Reveal the analysis*, stored before the ack."""
    action = body["actions"][0]
    save_before_ack(
        context,
        lambda: workshop(context).analysis.set_blind(
            actor(context), action["action_id"] == Action.GO_BLIND, untrusted_id(action["value"])
        ),
    )
    ack()


def blind_changed(context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        map_id, announcement = saved(context)
        analysis = workshop(context).analysis
        analysis.announce(actor(context).team_id, map_id, announcement)
