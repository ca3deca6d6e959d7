"""*Add to touchpoint map* on any message: keep it as evidence, or draft a touchpoint from it.

The trigger lives 3 seconds, and finding the person's maps may take longer in a big workspace (a channel
membership check per map, paged): so a waiting modal opens at once, and the form replaces it."""

from logging import Logger
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.touchpoints import from_message_modal, shortcut_said_modal, shortcut_waiting_modal
from bot.method.errors import UserError
from bot.workshop.touchpoints import MessageRef
from handlers.context import reader, team_of, workshop
from handlers.errors import as_user_error, localized, replying_on_failure

NO_MAP = "You take part in no touchpoint map yet: start one with `/touchpoint new <title>`."


def acknowledge(ack: Ack) -> None:
    ack()


def open_modal(
    shortcut: dict, context: BoltContext, client: WebClient, respond: Respond, logger: Logger
) -> None:
    message = MessageRef.quoting(
        shortcut["channel"]["id"], shortcut["message"]["ts"], shortcut["message"].get("text", "")
    )
    with replying_on_failure(respond, logger, context):
        waiting = client.views_open(
            trigger_id=shortcut["trigger_id"], view=shortcut_waiting_modal(reader(context, cached_only=True))
        )["view"]
        view = _form(context, message, logger)
        client.views_update(view_id=waiting["id"], hash=waiting["hash"], view=view)


def _form(context: BoltContext, message: MessageRef, logger: Logger) -> dict[str, Any]:
    """The shortcut's form, or, in the modal, why there is none."""
    t = reader(context)
    try:
        maps = workshop(context).touchpoints.maps_for_message(
            team_of(context), context.user_id or "", message.channel_id
        )
        if not maps:
            raise UserError(NO_MAP)
        return from_message_modal(t, maps, message)
    except Exception as error:
        return shortcut_said_modal(t, localized(as_user_error(error, logger, "Finding the maps"), t))
