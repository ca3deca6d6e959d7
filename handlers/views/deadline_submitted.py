"""The step deadline modal, submitted."""

from slack_bolt import Ack, BoltContext

from bot.blocks.deadlines import ADVANCE
from bot.blocks.ids import Field
from handlers.context import actor, modal_origin, workshop
from handlers.views import state
from handlers.views.submission import save_or_show_errors


def save(ack: Ack, view: dict, context: BoltContext) -> None:
    save_or_show_errors(ack, view, lambda: _save(view, context), context)


def _save(view: dict, context: BoltContext) -> None:
    map_id, channel = modal_origin(view)
    workshop(context).deadlines.set_deadline_at(
        actor(context, channel),
        map_id,
        state.moment(view, Field.WHEN),
        state.text(view, Field.TIMEZONE),
        ADVANCE in state.checked(view, Field.ADVANCE),
    )
