"""*Add to touchpoint map* on any message: keep it as evidence, or draft a touchpoint from it.

Finding the person's maps checks their membership of each map's channel (paged, in a big workspace):
the form opens within the trigger's life however long that takes (handlers/modals.py)."""

from functools import partial
from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.touchpoints import from_message_modal
from bot.method.errors import UserError
from bot.workshop.touchpoints import MessageRef
from handlers.context import team_of, workshop
from handlers.errors import replying_on_failure
from handlers.modals import Build, open_for_reader


def acknowledge(ack: Ack) -> None:
    ack()


def open_modal(
    shortcut: dict, context: BoltContext, client: WebClient, respond: Respond, logger: Logger
) -> None:
    message = MessageRef.quoting(
        shortcut["channel"]["id"], shortcut["message"]["ts"], shortcut["message"].get("text", "")
    )
    with replying_on_failure(respond, logger, context):
        touchpoints, team, user = workshop(context).touchpoints, team_of(context), context.user_id or ""

        def prepare() -> tuple[None, Build]:
            """The maps the person takes part in (the form is of none of them: no map's language)."""
            maps = touchpoints.maps_for_message(team, user, message.channel_id)
            if not maps:
                raise UserError(
                    "You take part in no touchpoint map yet: start one with `/touchpoint new <title>`."
                )
            return None, partial(from_message_modal, maps=maps, message=message)

        open_for_reader(context, client, shortcut["trigger_id"], prepare, logger, respond)
