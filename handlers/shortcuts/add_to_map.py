"""*Add to touchpoint map* on any message: keep it as evidence, or draft a touchpoint from it."""

from functools import partial
from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.touchpoints import from_message_modal
from bot.method.errors import UserError
from bot.workshop.touchpoints import MessageRef
from handlers.context import workshop
from handlers.errors import replying_on_failure
from handlers.modals import open_for_reader


def acknowledge(ack: Ack) -> None:
    ack()


def open_modal(
    shortcut: dict, context: BoltContext, client: WebClient, respond: Respond, logger: Logger
) -> None:
    message = MessageRef.quoting(
        shortcut["channel"]["id"], shortcut["message"]["ts"], shortcut["message"].get("text", "")
    )
    with replying_on_failure(respond, logger, context):
        team_id = context.team_id or context.enterprise_id or ""
        maps = workshop(context).touchpoints.maps_for_message(
            team_id, context.user_id or "", message.channel_id
        )
        if not maps:
            raise UserError(
                "You take part in no touchpoint map yet: start one with `/touchpoint new <title>`."
            )
        build = partial(from_message_modal, maps=maps, message=message)
        open_for_reader(context, client, shortcut["trigger_id"], build, map_language=None)
