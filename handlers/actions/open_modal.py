"""The board's buttons that open a modal: add a stage, a channel, the starter set, a touchpoint, a persona,
an improvement; set the revisit reminder or the step's deadline; export the map."""

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.deadlines import deadline_modal
from bot.blocks.exports import export_modal
from bot.blocks.ids import Action
from bot.blocks.iteration import improvement_modal, reminder_modal
from bot.blocks.timeline import channel_modal, stage_modal, starter_modal
from bot.blocks.touchpoints import persona_modal, touchpoint_modal
from bot.i18n import translator
from bot.workshop.core import Workshop
from bot.workshop.service import Actor
from handlers.context import actor, team_of, untrusted_id, workshop
from handlers.errors import replying_on_failure
from handlers.modals import Build, open_for_reader

ACTIONS = (
    Action.ADD_STAGE,
    Action.ADD_CHANNEL,
    Action.STARTER_SET,
    Action.ADD_TOUCHPOINT,
    Action.ADD_PERSONA,
    Action.ADD_IMPROVEMENT,
    Action.SET_REMINDER,
    Action.EXPORT,
    Action.SET_DEADLINE,
)


def acknowledge(ack: Ack) -> None:
    ack()


def open_modal(body: dict, context: BoltContext, client: WebClient, respond: Respond, logger: Logger) -> None:
    action = body["actions"][0]
    with replying_on_failure(respond, logger, context):
        core, map_id = workshop(context), untrusted_id(action["value"])

        def prepare() -> tuple[str, Build]:
            return _form(action["action_id"], core, _who(context, core, map_id), map_id)

        open_for_reader(context, client, body["trigger_id"], prepare, logger, respond)


def _who(context: BoltContext, core: Workshop, map_id: int) -> Actor:
    """Who asks, in the map's channel: a button on the Home tab has no channel, so the map's is looked up
    (for a member of it only)."""
    if context.channel_id:
        return actor(context)
    return actor(context, core.home.channel_of(team_of(context), context.user_id or "", map_id))


def _form(action_id: str, core: Workshop, who: Actor, map_id: int) -> tuple[str, Build]:
    """The map's language, and the modal the button opens as a function of the reader's translator."""
    if action_id == Action.ADD_TOUCHPOINT:
        form = core.touchpoints.form(who, map_id)
        return form.language, lambda t: touchpoint_modal(t, form)
    if action_id == Action.ADD_IMPROVEMENT:
        origin = core.iteration.improvement_form(who, map_id)
        return origin.language, lambda t: improvement_modal(t, origin)
    if action_id == Action.EXPORT:
        exported = core.exports.form(who, map_id)
        return exported.language, lambda t: export_modal(t, exported)
    if action_id == Action.SET_DEADLINE:
        deadline = core.deadlines.deadline_form(who, map_id)
        return deadline.origin.language, lambda t: deadline_modal(t, deadline)
    if action_id == Action.SET_REMINDER:
        revisit = core.iteration.reminder_form(who, map_id)
        return revisit.origin.language, lambda t: reminder_modal(t, revisit)
    outline = core.timeline.outline(who, map_id)
    where = outline.map_id, outline.channel_id
    match action_id:
        case Action.ADD_STAGE:
            return outline.language, lambda t: stage_modal(t, *where, len(outline.stages))
        case Action.ADD_CHANNEL:
            return outline.language, lambda t: channel_modal(t, *where, len(outline.channels))
        case Action.ADD_PERSONA:
            return outline.language, lambda t: persona_modal(t, *where)
    return outline.language, lambda t: starter_modal(t, translator(outline.language), *where)
