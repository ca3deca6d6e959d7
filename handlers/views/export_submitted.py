"""The export modal, submitted: checked in the ack (errors show on the form), the files made after it."""

from logging import Logger

from slack_bolt import Ack, BoltContext

from bot.blocks.ids import Field
from bot.exports.files import FORMATS
from bot.method.errors import UserError
from handlers.context import actor, modal_origin, reader, workshop
from handlers.errors import telling_in_channel
from handlers.views import state
from handlers.views.submission import save_or_show_errors


def check(ack: Ack, view: dict, context: BoltContext) -> None:
    def _check() -> None:
        map_id, channel = modal_origin(view)
        _format(view)
        workshop(context).exports.check(actor(context, channel), map_id, _here(view))

    save_or_show_errors(ack, view, _check, context)


def send(view: dict, context: BoltContext, logger: Logger) -> None:
    map_id, channel = modal_origin(view)
    with telling_in_channel(context, channel, logger):
        workshop(context).exports.send(
            actor(context, channel), map_id, _format(view), _here(view), reader(context).language
        )


def _format(view: dict):
    fmt = state.selected(view, Field.FORMAT)
    if fmt not in FORMATS:
        raise UserError("Choose one of the options.", field=Field.FORMAT)
    return fmt


def _here(view: dict) -> bool:
    return state.selected(view, Field.DESTINATION) == "channel"
