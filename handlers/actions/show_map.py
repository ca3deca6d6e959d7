"""*Show map* on the board: the map's picture, posted in the channel after the ack."""

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond

from bot.workshop.images import PictureRequest
from handlers.context import actor, untrusted_id, workshop
from handlers.errors import replying_on_failure


def acknowledge(ack: Ack) -> None:
    ack()


def show_map(body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        workshop(context).images.post(
            actor(context), untrusted_id(body["actions"][0]["value"]), PictureRequest()
        )
