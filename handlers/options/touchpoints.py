"""The touchpoints of the modal's map that match what the person typed, directed as the modal they are
shown in: the reader's language when known (it is once they opened it), else the map's."""

from logging import Logger

from slack_bolt import Ack, BoltContext

from bot.blocks.touchpoints import touchpoint_options
from bot.i18n import translator
from bot.method.errors import UserError
from handlers.context import actor, known_reader, workshop
from handlers.views.message_submitted import chosen_map


def suggest(ack: Ack, body: dict, context: BoltContext, logger: Logger) -> None:
    try:
        map_id, channel = chosen_map(body["view"])
        language, choices = workshop(context).touchpoints.choices(
            actor(context, channel), map_id, body.get("value", "")
        )
    except UserError:
        language, choices = None, []
    ack(options=touchpoint_options(choices, known_reader(context) or translator(language)))
